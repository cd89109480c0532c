using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Data;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Estimates;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// How true <c>--dry-run</c> is: for each built-in suite on a few hundred CIFAR-10 test images and one CIFAR
/// model, the dry run's estimate (the mean of one just before and one just after the run), the same run for
/// real, and estimate / actual for the
/// whole run and per analysis (item time as the executor measured it). Target: every suite's ratio in 0.67-1.5.
/// </summary>
internal static class EstimateAccuracy
{
    public const string Usage = "estimate [images] [model] [suites]   dry-run estimate / actual run per built-in suite (default 200 CIFAR images, resnet_2b, frequency,hybrid,corruptions,attacks,paper)";

    public static async Task<int> RunAsync(string[] args)
    {
        var images = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var model = args.Length > 1 ? args[1] : "resnet_2b";
        var suites = args.Length > 2 ? args[2].Split(',') : ["frequency", "hybrid", "corruptions", "attacks", "paper"];
        var settings = new ExecutionSettings();
        var summary = new List<string>();
        foreach (var suite in suites)
        {
            var spec = new RunSpec
            {
                Datasets = [new DatasetSpec { Path = BenchPaths.Shared("data", "cifar10-test") }],
                Models = [new ModelSpec { Path = BenchPaths.Shared("models", "cifar10", model + ".onnx") }],
                Suite = await CappedSuiteAsync(suite, images),
                ItemSize = 100,
            };
            var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
            using var run = RunPreparer.Create(settings.Scoring).Prepare(spec);

            // Estimates just before and just after the run, averaged: other jobs on a shared machine change
            // its speed from minute to minute, and the run sits between the two calibrations.
            var before = await LocalRun.EstimateAsync(run, outDir, settings, new CalibrationOptions(), overwrite: false);
            var observer = new TimingObserver();
            var watch = Stopwatch.StartNew();
            await LocalRun.ExecuteAsync(run, outDir, settings, observer);
            var actual = watch.Elapsed.TotalSeconds;
            var after = await LocalRun.EstimateAsync(run, outDir, settings, new CalibrationOptions(), overwrite: true);
            Directory.Delete(outDir, recursive: true);
            File.Delete(spec.Suite);

            Console.WriteLine($"suite {suite}, {images} images, {model}:");
            Console.WriteLine("  analysis           estimate  (transform   model)    actual  ratio");
            for (var i = 0; i < before.Lines.Count; i++)
            {
                var line = before.Lines[i];
                var later = after.Lines[i];
                var measured = observer.Seconds.GetValueOrDefault(line.Analysis);
                var mean = (line.TotalSeconds + later.TotalSeconds) / 2;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {line.Analysis,-18} {mean,8:F1} s ({(line.TransformSeconds + later.TransformSeconds) / 2,7:F1} {(line.ModelSeconds + later.ModelSeconds) / 2,7:F1}) {measured,7:F1} s  {mean / measured,5:F2}"));
            }

            var estimate = (before.TotalSeconds + after.TotalSeconds) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  estimates before and after the run: {before.TotalSeconds:F1} s, {after.TotalSeconds:F1} s"));
            var ratio = estimate / actual;
            var verdict = ratio is >= 0.67 and <= 1.5 ? "ok" : "OUT OF 0.67-1.5";
            var text = string.Create(CultureInfo.InvariantCulture, $"{suite,-12} estimate {estimate,7:F1} s  actual {actual,7:F1} s  estimate / actual {ratio,5:F2}  {verdict}");
            Console.WriteLine("  " + text);
            summary.Add(text);
        }

        Console.WriteLine();
        Console.WriteLine($"estimate / actual, {images} CIFAR-10 images, {model}, {Environment.ProcessorCount} cores (actual: the whole run, planning to report):");
        summary.ForEach(s => Console.WriteLine("  " + s));
        return 0;
    }

    // The built-in suite with every analysis capped at the given images: an evenly spread subset of all ten
    // classes (a dataset --limit would take the first class only, which hybrids cannot pair).
    private static async Task<string> CappedSuiteAsync(string suite, int images)
    {
        if (!BuiltInSuites.TryGet(suite, out var json))
        {
            throw new ArgumentException($"no built-in suite '{suite}'", nameof(suite));
        }

        var root = JsonNode.Parse(json)!.AsObject();
        foreach (var analysis in root["analyses"]!.AsArray())
        {
            var cap = analysis!["images"]?.GetValue<int>() ?? int.MaxValue;
            analysis["images"] = Math.Min(cap, images);
        }

        var path = Path.Combine(Path.GetTempPath(), $"estimate-bench-{suite}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, root.ToJsonString());
        return path;
    }

    // Sums each analysis's item time as the executor measured it, for the per-analysis ratios.
    private sealed class TimingObserver : IRunObserver
    {
        public ConcurrentDictionary<string, double> Seconds { get; } = new(StringComparer.Ordinal);

        public void Planned(int totalItems, int pendingItems, long pendingImages)
        {
        }

        public void ImagesDone(int images)
        {
        }

        public void ItemDone(WorkItem item, ItemResult result) =>
            Seconds.AddOrUpdate(item.Analysis, result.Timings.TotalSeconds, (_, sum) => sum + result.Timings.TotalSeconds);

        public void Summarizing()
        {
        }
    }
}
