using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// The hybrid analysis against a bare ONNX Runtime loop scoring the same number of images (pairs x
/// distinct alpha masks) at the same batch size, in one process: at 32 px resnet_2b on the CIFAR-10
/// test set, at 224 px a ResNet-18-sized ImageNet model (bench/tools, generated) on the ImageNet
/// sample (256/224). Target (issue 17): whole run &lt;= 1.5 x bare scoring at both sizes.
/// </summary>
internal static class HybridRunComparison
{
    public const string Usage =
        "hybrid-run [seeds] [batch] [--size 32|224] [--images N] [--repeats N]\n"
        + "                                 hybrid analysis vs bare scoring of as many images (defaults: 1 seed, batch 64,\n"
        + "                                 32 px = resnet_2b on CIFAR-10 test, 224 px = resnet18_imagenet on the ImageNet sample)";

    private const double Target = 1.5;

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<int>();
        var size = 32;
        var images = int.MaxValue;
        var repeats = 1;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--images": images = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: positional.Add(int.Parse(args[i], CultureInfo.InvariantCulture)); break;
            }
        }

        var seeds = positional.Count > 0 ? positional[0] : 1;
        var batchSize = positional.Count > 1 ? positional[1] : 64;
        var (dataset, model) = Inputs(size);
        if (model is null)
        {
            return 0;
        }

        var limit = images == int.MaxValue ? "" : $", \"images\": {images}";
        var suite = Path.Combine(Path.GetTempPath(), $"hybrid-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(suite, $$"""{"analyses": [{"name": "hybrid", "seeds": [{{string.Join(", ", Enumerable.Range(0, seeds))}}]{{limit}}}]}""");
        var settings = new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize, Provider = BenchDevice.Provider } };
        var spec = new RunSpec { Datasets = [dataset], Models = [model], Suite = suite };
        using var run = RunPreparer.Create(settings.Scoring).Prepare(spec);
        var data = run.Datasets[0].Dataset;
        var used = Math.Min(images, data.Entries.Count);
        var masks = new FrequencyMaskSet(new FrequencyGrid(data.Shape.Height, data.Shape.Width), FilterShape.Ideal, HybridOptions.DefaultAlphas).DistinctMasks.Count;
        var scorings = (long)used * seeds * masks;
        Console.WriteLine(
            $"hybrid at {data.Shape}, {run.Models[0].Name}, {seeds} seed(s), {used} pairs per seed, {masks} distinct alpha masks: "
            + $"{scorings} scorings, batch {batchSize}, {Environment.ProcessorCount} cores");

        // Bare loop: the same number of scorings over one pre-decoded batch of images, reused.
        var pixels = new float[batchSize * data.Shape.Length];
        Parallel.For(0, batchSize, i => data.Load(i % data.Entries.Count, pixels.AsSpan(i * data.Shape.Length, data.Shape.Length)));
        using var classifier = new OnnxClassifier(new SessionFactory(settings.Scoring).Create(run.Models[0].RunnableBytes, "bare"), run.Models[0].Card.Card, batchSize, "bare");
        var logits = new float[batchSize * classifier.ClassCount];
        classifier.Score(pixels, batchSize, logits);
        var ratios = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            // Bare and whole alternate, so a disturbance from the shared machine hits both alike.
            // Process CPU time beside wall time: it moves far less with other jobs' load on a shared machine.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (long done = 0; done < scorings; done += batchSize)
            {
                classifier.Score(pixels, (int)Math.Min(batchSize, scorings - done), logits);
            }

            var bare = watch.Elapsed.TotalSeconds;
            var bareCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
            watch.Restart();
            var phases = new PhaseObserver();
            await LocalRun.ExecuteAsync(run, outDir, settings, phases);
            var whole = watch.Elapsed.TotalSeconds;
            var wholeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Directory.Delete(outDir, recursive: true);
            ratios.Add(whole / bare);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  bare scoring {bare:F2} s ({scorings / bare:F0} img/s), whole hybrid run {whole:F2} s ({scorings / whole:F0} img/s); "
                + $"whole / bare = {whole / bare:F2}; transforms, decode and bookkeeping = {(whole - bare) / whole:P0} of the run ({phases.Describe()}); "
                + $"CPU time {bareCpu:F2} s vs {wholeCpu:F2} s, ratio {wholeCpu / bareCpu:F2}"));
        }

        File.Delete(suite);
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hybrid {data.Shape.Height} px: median whole / bare = {median:F2} (target <= {Target})"));
        return 0;
    }

    private static (DatasetSpec Dataset, ModelSpec? Model) Inputs(int size)
    {
        if (size == 32)
        {
            return (new DatasetSpec { Path = BenchPaths.Shared("data", "cifar10-test") },
                new ModelSpec { Path = BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx") });
        }

        if (size != 224)
        {
            throw new ArgumentException($"hybrid-run: --size is 32 or 224, not {size}.");
        }

        var dataset = new DatasetSpec
        {
            Path = BenchPaths.Shared("data", "imagenet-sample"),
            Options = new DatasetOptions { LabelColumn = "index", Resize = 256, Crop = 224 },
        };
        var model = BenchPaths.Repo("bench", "CloudFreq.Bench", "models", "resnet18_imagenet.onnx");
        if (!File.Exists(model))
        {
            Console.WriteLine(
                $"hybrid-run --size 224: SKIPPED, {model} is missing (45 MB, not committed). Generate it with\n"
                + "    /usr/bin/python3 bench/tools/export_resnet18_imagenet.py");
            return (dataset, null);
        }

        return (dataset, new ModelSpec { Path = model });
    }
}
