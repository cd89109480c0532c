using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// Peak memory must not grow with the dataset: each case runs in a fresh child process (so
/// peaks do not mix) and reports its peak working set.
/// </summary>
internal static class MemoryComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cifar = BenchPaths.Shared("data", "cifar10-test");
        var resnet = BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx");
        var imagenet = BenchPaths.Shared("data", "imagenet-sample");
        var imagenetModel = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "models", "tiny224.onnx");
        var cases = new (string Name, string[] Args)[]
        {
            ("cifar10 1,000 images", [cifar, resnet, "1000"]),
            ("cifar10 10,000 images", [cifar, resnet, "10000"]),
            ("imagenet-sample 20 images (256/224)", [imagenet, imagenetModel, "20"]),
            ("imagenet-sample 200 images (256/224)", [imagenet, imagenetModel, "200"]),
        };
        foreach (var (name, childArgs) in cases)
        {
            var self = Environment.ProcessPath!;
            var dll = typeof(MemoryComparison).Assembly.Location;
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(dll);
            }

            start.ArgumentList.Add("memory-child");
            foreach (var a in childArgs)
            {
                start.ArgumentList.Add(a);
            }

            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Console.WriteLine($"{name}: {output.Trim()}");
        }

        return 0;
    }

    public static async Task<int> ChildAsync(string[] args)
    {
        var (data, model, limit) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        var imagenet = data.Contains("imagenet", StringComparison.Ordinal);
        var settings = new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = 64 } };
        var spec = new RunSpec
        {
            Datasets = [new DatasetSpec
            {
                Path = data,
                Options = imagenet
                    ? new DatasetOptions { Limit = limit, Resize = 256, Crop = 224, LabelColumn = "index" }
                    : new DatasetOptions { Limit = limit },
            }],
            Models = [new ModelSpec { Path = model }],
            ItemSize = 100,
        };
        var watch = Stopwatch.StartNew();
        using (var run = new RunPreparer(new DatasetOpener(), new ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(settings.Scoring)).Prepare(spec))
        {
            var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
            await LocalRun.ExecuteAsync(run, outDir, settings, new NullRunObserver());
            Directory.Delete(outDir, recursive: true);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB, managed heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB, {watch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }
}
