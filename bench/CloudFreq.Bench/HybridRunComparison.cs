using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// The hybrid analysis on resnet_2b over the CIFAR-10 test set against a bare ONNX Runtime loop
/// scoring the same number of images (pairs x distinct alpha masks) at the same batch size.
/// Target: whole run &lt;= 1.15 x bare scoring, i.e. transforms overlap with or are small next to inference.
/// </summary>
internal static class HybridRunComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var suite = Path.Combine(Path.GetTempPath(), $"hybrid-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(suite, $$"""{"analyses": [{"name": "hybrid", "seeds": [{{string.Join(", ", Enumerable.Range(0, seeds))}}]}]}""");
        var settings = new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize } };
        var spec = new RunSpec
        {
            Datasets = [new DatasetSpec { Path = BenchPaths.Shared("data", "cifar10-test") }],
            Models = [new ModelSpec { Path = BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx") }],
            Suite = suite,
        };
        using var run = RunPreparer.Create(settings.Scoring).Prepare(spec);
        var dataset = run.Datasets[0].Dataset;
        var masks = new FrequencyMaskSet(new FrequencyGrid(32, 32), FilterShape.Ideal, Core.Analyses.HybridOptions.DefaultAlphas).DistinctMasks.Count;
        var scorings = (long)dataset.Entries.Count * seeds * masks;
        Console.WriteLine($"hybrid, {seeds} seed(s), {dataset.Entries.Count} pairs per seed, {masks} distinct alpha masks: {scorings} scorings, batch {batchSize}");

        // Bare loop: the same number of scorings over one pre-decoded batch of images, reused.
        var images = new float[batchSize * dataset.Shape.Length];
        Parallel.For(0, batchSize, i => dataset.Load(i, images.AsSpan(i * dataset.Shape.Length, dataset.Shape.Length)));
        using var classifier = new OnnxClassifier(new SessionFactory(settings.Scoring).Create(run.Models[0].RunnableBytes, "bare"), run.Models[0].Card.Card, batchSize, "bare");
        var logits = new float[batchSize * classifier.ClassCount];
        classifier.Score(images, batchSize, logits);
        var watch = Stopwatch.StartNew();
        for (long done = 0; done < scorings; done += batchSize)
        {
            var n = (int)Math.Min(batchSize, scorings - done);
            classifier.Score(images, n, logits);
        }

        var bare = watch.Elapsed.TotalSeconds;
        var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
        watch.Restart();
        await LocalRun.ExecuteAsync(run, outDir, settings, new NullRunObserver());
        var whole = watch.Elapsed.TotalSeconds;
        Directory.Delete(outDir, recursive: true);
        File.Delete(suite);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"bare scoring {bare:F2} s ({scorings / bare:F0} img/s), whole hybrid run {whole:F2} s ({scorings / whole:F0} img/s); "
            + $"whole / bare = {whole / bare:F2} (target <= 1.15); transforms, decode and bookkeeping = {(whole - bare) / whole:P0} of the run"));
        return 0;
    }
}
