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
        var repeated = RepeatedImageNet(imagenet, copies: 5);
        var cases = new (string Name, string[] Args)[]
        {
            ("cifar10 1,000 images", [cifar, resnet, "1000"]),
            ("cifar10 10,000 images", [cifar, resnet, "10000"]),
            ("imagenet-sample 20 images (256/224)", [imagenet, imagenetModel, "20"]),
            ("imagenet-sample 100 images (256/224)", [imagenet, imagenetModel, "100"]),
            ("imagenet-sample 200 images (256/224)", [imagenet, imagenetModel, "200"]),
            ("imagenet-sample x5 = 1,000 images (256/224)", [repeated, imagenetModel, "1000"]),
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

    // 1,000 entries from the 200 sample images: a labels CSV over symbolic links, five per image.
    private static string RepeatedImageNet(string imagenet, int copies)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", "imagenet-x" + copies);
        Directory.CreateDirectory(dir);
        var lines = new List<string> { "file,index" };
        foreach (var line in File.ReadLines(Path.Combine(imagenet, "labels.csv")).Skip(1))
        {
            var parts = line.Split(',');
            for (var k = 0; k < copies; k++)
            {
                var name = $"{k}_{parts[0]}";
                var link = Path.Combine(dir, name);
                if (!File.Exists(link))
                {
                    File.CreateSymbolicLink(link, Path.Combine(imagenet, parts[0]));
                }

                lines.Add($"{name},{parts[2]}");
            }
        }

        File.WriteAllLines(Path.Combine(dir, "labels.csv"), lines);
        return dir;
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
            ItemSize = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100,
        };
        var watch = Stopwatch.StartNew();
        using (var run = RunPreparer.Create(settings.Scoring).Prepare(spec))
        {
            var outDir = Path.Combine(Path.GetTempPath(), "cloudfreq-bench", Guid.NewGuid().ToString("N"));
            await LocalRun.ExecuteAsync(run, outDir, settings, new NullRunObserver());
            Directory.Delete(outDir, recursive: true);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB, managed heap after a full collection {GC.GetTotalMemory(true) / 1048576.0:F0} MiB, {watch.Elapsed.TotalSeconds:F1} s, {ThreadPool.ThreadCount} pool threads, {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB allocated in all"));
        return 0;
    }
}
