using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Data;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// What shards buy at plan time: one Azurite, the same image folder uploaded twice with the real CLI
/// (<c>cloudfreq upload --plain</c>, one blob per image, and the default, tar shards), then, round after
/// round and alternating, a cold staging of each into a fresh cache (<see cref="RunInputStager"/>, as the
/// plan step and every worker do) followed by opening the staged folder (listing, or indexing the shards).
/// Both staged datasets must list the same entries. Prints per-round times and the plain / sharded ratio.
/// </summary>
internal static class ShardStaging
{
    public const string Usage =
        "shard-staging [--data DIR] [--rounds N] [--cli DLL]\n"
        + "                                 plan-time staging of an image folder uploaded plain vs as shards, on Azurite\n"
        + "                                 (default: the 10,000 CIFAR-10 test JPEGs, 3 rounds)";

    public static async Task<int> RunAsync(string[] args)
    {
        var data = BenchPaths.Shared("data", "cifar10-test");
        var rounds = 3;
        var cli = BenchPaths.Repo("src", "Cli", "bin", "Release", "net10.0", "cloudfreq.dll");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data": data = Path.GetFullPath(args[++i]); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--cli": cli = Path.GetFullPath(args[++i]); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (!File.Exists(cli) || !File.Exists(CloudOverhead.Azurite.Script))
        {
            Console.Error.WriteLine($"need {cli} (dotnet build CloudFreq.sln -c Release) and {CloudOverhead.Azurite.Script} (npm ci --prefix infra/local).");
            return 2;
        }

        var model = BenchPaths.Shared("models", "cifar10", "cifar10_small.onnx");
        var cache = Path.Combine(Path.GetTempPath(), $"cloudfreq-bench-staging-{Guid.NewGuid():N}");
        await using var azurite = await CloudOverhead.Azurite.StartAsync();
        try
        {
            var lines = new List<string> { $"  dataset {data}" };
            foreach (var (name, plain) in new[] { ("plain", true), ("sharded", false) })
            {
                var watch = Stopwatch.StartNew();
                await CloudOverhead.RunCliAsync(cli, ["upload", data, "--name", name, "--model", model, "--storage", azurite.ConnectionString, "--no-progress", .. plain ? ["--plain"] : Array.Empty<string>()]);
                lines.Add(Invariant($"  upload {name}: {watch.Elapsed.TotalSeconds:F1} s"));
                Console.WriteLine(lines[^1]);
            }

            var blobs = new AzureBlobStore(AzureStorageClients.FromConnectionString(azurite.ConnectionString).Blobs);
            foreach (var name in new[] { "plain", "sharded" })
            {
                lines.Add(Invariant($"  blobs under datasets/{name}/: {(await blobs.ListAsync($"datasets/{name}/")).Count}"));
            }

            var times = new Dictionary<string, List<(double Stage, double Open)>> { ["plain"] = [], ["sharded"] = [] };
            IReadOnlyList<DatasetEntry>? reference = null;
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var name in round % 2 == 1 ? new[] { "plain", "sharded" } : ["sharded", "plain"])
                {
                    // A fresh cache each time: a cold worker, as after scale-from-zero.
                    var folder = Path.Combine(cache, $"{name}-{round}");
                    var stager = new RunInputStager(blobs, folder);
                    var spec = new RunSpec { Datasets = [new DatasetSpec { Path = $"datasets/{name}" }], Models = [new ModelSpec { Path = "models/cifar10_small.onnx" }] };
                    var watch = Stopwatch.StartNew();
                    var staged = await stager.StageAsync(spec);
                    var stage = watch.Elapsed.TotalSeconds;
                    watch.Restart();
                    using (var dataset = new DatasetOpener(Path.Combine(folder, "gz")).Open(staged.LocalSpec.Datasets[0].Path, new DatasetOptions()))
                    {
                        var open = watch.Elapsed.TotalSeconds;
                        times[name].Add((stage, open));
                        reference ??= dataset.Entries;
                        if (!reference.SequenceEqual(dataset.Entries))
                        {
                            throw new InvalidOperationException($"{name}: the staged dataset lists other entries than the first one staged.");
                        }

                        Console.WriteLine(Invariant($"  round {round} {name}: stage {stage:F2} s + open {open:F2} s ({dataset.Entries.Count} images, {dataset.Format})"));
                    }

                    Directory.Delete(folder, recursive: true);
                }
            }

            foreach (var (name, list) in times)
            {
                lines.Add(Invariant($"  {name}: stage {string.Join(" / ", list.Select(t => t.Stage.ToString("F2", CultureInfo.InvariantCulture)))} s, open {string.Join(" / ", list.Select(t => t.Open.ToString("F2", CultureInfo.InvariantCulture)))} s (rounds)"));
            }

            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            }

            var plainTotal = Median(times["plain"].Select(t => t.Stage + t.Open));
            var shardedTotal = Median(times["sharded"].Select(t => t.Stage + t.Open));
            lines.Add(Invariant($"  median stage + open: plain {plainTotal:F2} s, sharded {shardedTotal:F2} s; plain / sharded = {plainTotal / shardedTotal:F1}x"));
            lines.Add($"  load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            Console.WriteLine();
            Console.WriteLine("==== shard-staging ====");
            lines.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
