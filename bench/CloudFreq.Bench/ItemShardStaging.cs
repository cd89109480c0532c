using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Memory;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Bench;

/// <summary>
/// What per-item staging buys a worker: the same image folder sharded twice (manifest version 1, which a
/// worker stages whole, as every dataset was before version 2; and version 2, whose manifest is enough to
/// plan) into one in-memory blob store, then, round after round and alternating, a cold worker (fresh
/// cache) stages and prepares the run (the plan step) and stages what one work item of
/// <c>--item-size</c> images reads. Blob bytes read are counted through a wrapping store. Both plans
/// must have the same items. Prints bytes, times and before / after ratios.
/// </summary>
internal static class ItemShardStaging
{
    public const string Usage =
        "shard-item-staging [--data DIR] [--shard-mb N] [--item-size N] [--rounds N]\n"
        + "                                 bytes and time a cold worker stages to plan and to run one item: whole prefix (v1) vs per item (v2)\n"
        + "                                 (default: the 10,000 CIFAR-10 test JPEGs, 10 MB shards, items of 1,000, 3 rounds; in-memory blobs)";

    public static async Task<int> RunAsync(string[] args)
    {
        var data = BenchPaths.Shared("data", "cifar10-test");
        var shardMb = 10;
        var itemSize = 1000;
        var rounds = 3;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data": data = Path.GetFullPath(args[++i]); break;
                case "--shard-mb": shardMb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--item-size": itemSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), $"cloudfreq-bench-item-staging-{Guid.NewGuid():N}");
        try
        {
            var store = new InMemoryBlobStore();
            await Upload(store, "models/cifar10_small.onnx", BenchPaths.Shared("models", "cifar10", "cifar10_small.onnx"));
            var lines = new List<string> { Invariant($"  dataset {data}, shards of at most {shardMb} MB, items of {itemSize} images") };
            foreach (var (name, version) in new[] { ("before", 1), ("after", 2) })
            {
                var folder = Path.Combine(work, "shards-" + name);
                var manifest = ShardWriter.Write(data, new DatasetOptions(), folder, new ShardWriterOptions { MaxShardBytes = shardMb * 1_000_000L, ManifestVersion = version });
                foreach (var file in Directory.GetFiles(folder))
                {
                    await Upload(store, $"datasets/{name}/{Path.GetFileName(file)}", file);
                }

                lines.Add(Invariant($"  {name}: manifest v{version}, {manifest.Shards.Count} shards, {manifest.Shards.Sum(s => s.Bytes):N0} bytes of tar, {new FileInfo(Path.Combine(folder, ShardManifest.FileName)).Length:N0} bytes of manifest"));
                Directory.Delete(folder, recursive: true);
            }

            var results = new Dictionary<string, List<Measure>> { ["before"] = [], ["after"] = [] };
            IReadOnlyList<string>? reference = null;
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var name in round % 2 == 1 ? new[] { "before", "after" } : ["after", "before"])
                {
                    var cache = Path.Combine(work, $"cache-{name}-{round}");
                    var counting = new ReadCounter(store);
                    var stager = new RunInputStager(counting, cache);
                    var preparer = new RunPreparer(new DatasetOpener(Path.Combine(cache, "gz")), new Core.Models.ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(new ScoringOptions()));
                    using var runs = new PreparedRunLeases(stager, preparer, new RunPlanner());
                    var spec = new RunSpec
                    {
                        Datasets = [new DatasetSpec { Path = $"datasets/{name}" }],
                        Models = [new ModelSpec { Path = "models/cifar10_small.onnx" }],
                        ItemSize = itemSize,
                    };
                    var watch = Stopwatch.StartNew();
                    using var lease = await runs.AcquireAsync($"bench-{name}-{round}", _ => Task.FromResult(spec), CancellationToken.None);
                    var prepared = lease.Run;
                    var planSeconds = watch.Elapsed.TotalSeconds;
                    var planBytes = counting.Bytes;
                    var ids = prepared.Items.Select(i => $"{i.Analysis} {i.Item.Key} {i.Start} {i.Count}").ToList();
                    reference ??= ids;
                    if (!reference.SequenceEqual(ids))
                    {
                        throw new InvalidOperationException($"{name}: the plan differs from the first one (items other than by dataset name).");
                    }

                    // A middle item, so its images are not in the shard the report's gallery needs.
                    var item = prepared.Items[prepared.Items.Count / 2];
                    watch.Restart();
                    var shards = await new ItemShardStager(counting).StageAsync(prepared.Run, item);
                    var itemSeconds = watch.Elapsed.TotalSeconds;
                    results[name].Add(new Measure(planBytes, planSeconds, counting.Bytes - planBytes, itemSeconds, shards.Count));
                    Console.WriteLine(Invariant($"  round {round} {name}: plan {planBytes:N0} B in {planSeconds:F2} s; item {item.Id} ({item.Count} images) +{counting.Bytes - planBytes:N0} B in {itemSeconds:F2} s ({shards.Count} shards)"));
                    Directory.Delete(cache, recursive: true);
                }
            }

            var before = results["before"];
            var after = results["after"];
            double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted[sorted.Length / 2];
            }

            var (planB, planA) = (before[0].PlanBytes, after[0].PlanBytes);
            var (runB, runA) = (before[0].PlanBytes + before[0].ItemBytes, after[0].PlanBytes + after[0].ItemBytes);
            var (planTB, planTA) = (Median(before.Select(m => m.PlanSeconds)), Median(after.Select(m => m.PlanSeconds)));
            var (runTB, runTA) = (Median(before.Select(m => m.PlanSeconds + m.ItemSeconds)), Median(after.Select(m => m.PlanSeconds + m.ItemSeconds)));
            lines.Add(Invariant($"  plan:  before {planB:N0} B, {planTB:F2} s; after {planA:N0} B, {planTA:F2} s; before / after = {(double)planB / planA:F0}x bytes, {planTB / planTA:F1}x time"));
            lines.Add(Invariant($"  plan + one item: before {runB:N0} B, {runTB:F2} s; after {runA:N0} B, {runTA:F2} s ({after[0].Shards} shards); before / after = {(double)runB / runA:F1}x bytes, {runTB / runTA:F1}x time"));
            lines.Add($"  load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            Console.WriteLine();
            Console.WriteLine("==== shard-item-staging ====");
            lines.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task Upload(IBlobStore store, string name, string file) => await store.WriteAsync(name, await File.ReadAllBytesAsync(file));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Measure(long PlanBytes, double PlanSeconds, long ItemBytes, double ItemSeconds, int Shards);

    // Counts the bytes a worker reads from storage.
    private sealed class ReadCounter(IBlobStore inner) : IBlobStore
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.TryCreateAsync(name, content, cancellationToken);

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.WriteAsync(name, content, cancellationToken);

        public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
        {
            var bytes = await inner.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, bytes?.LongLength ?? 0);
            return bytes;
        }

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public string Describe(string name) => inner.Describe(name);
    }
}
