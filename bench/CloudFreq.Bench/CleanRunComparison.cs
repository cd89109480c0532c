using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// The foundation's throughput target, measured side by side in one process: a whole
/// <c>evaluate</c> run on the 10,000 CIFAR-10 test images with resnet_2b against a bare ONNX Runtime
/// loop over the same pre-decoded tensors at the same batch size, plus decode time alone.
/// Target: whole run &lt;= 1.05 x (bare loop + decode) (issue 17; 1.10 before).
/// </summary>
internal static class CleanRunComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batchSize = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var data = BenchPaths.Shared("data", "cifar10-test");
        var model = BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx");
        var settings = new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize, Provider = BenchDevice.Provider } };
        var spec = new RunSpec
        {
            Datasets = [new DatasetSpec { Path = data }],
            Models = [new ModelSpec { Path = model }],
        };
        var preparer = RunPreparer.Create(settings.Scoring);
        using var run = preparer.Prepare(spec);
        var dataset = run.Datasets[0].Dataset;
        var prepared = run.Models[0];
        Console.WriteLine($"resnet_2b on {dataset.Entries.Count} CIFAR-10 JPEGs, batch {batchSize}, {Environment.ProcessorCount} cores; {prepared.Batching}");

        // Warm-up: JIT, file cache and first session creation stay out of the medians.
        var warmDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
        await LocalRun.ExecuteAsync(run, warmDir, settings, new NullRunObserver());
        Directory.Delete(warmDir, recursive: true);

        var decode = new List<double>();
        var bare = new List<double>();
        var whole = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            // 1. Decode alone, into one array (the bare loop's input).
            var images = new float[dataset.Entries.Count * dataset.Shape.Length];
            var watch = Stopwatch.StartNew();
            Parallel.For(0, dataset.Entries.Count, i => dataset.Load(i, images.AsSpan(i * dataset.Shape.Length, dataset.Shape.Length)));
            decode.Add(watch.Elapsed.TotalSeconds);

            // 2. Bare loop: the same session settings and batch size over pre-decoded, pre-normalized tensors.
            bare.Add(BareLoop.Run(prepared, settings.Scoring, images, dataset.Entries.Count));

            // 3. The whole run, as `cloudfreq evaluate` does it, into a fresh folder.
            var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
            watch.Restart();
            await LocalRun.ExecuteAsync(run, outDir, settings, new NullRunObserver());
            whole.Add(watch.Elapsed.TotalSeconds);
            Directory.Delete(outDir, recursive: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {r + 1}: decode {decode[^1]:F2} s, bare loop {bare[^1]:F2} s, whole run {whole[^1]:F2} s"));
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var ratio = Median(whole) / (Median(bare) + Median(decode));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"median: decode {Median(decode):F2} s, bare loop {Median(bare):F2} s ({dataset.Entries.Count / Median(bare):F0} img/s), "
            + $"whole run {Median(whole):F2} s ({dataset.Entries.Count / Median(whole):F0} img/s); whole / (bare + decode) = {ratio:F3} (target <= 1.05)"));
        return 0;
    }
}
