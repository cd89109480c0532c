using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Bench;

/// <summary>
/// Cost per image of every corruption at severity 3 on one thread, at 32 px (CIFAR-10-C preset) and
/// 224 px (ImageNet-C preset), beside the reference generators' cost in shared/docs/corruptions.md
/// (imagecorruptions with numba on this kind of machine: 15.6 ms per 32 px image and 172 ms per
/// 224 px image for all 19). Target: at least 5x faster.
/// </summary>
internal static class CorruptionCost
{
    private static readonly Dictionary<CorruptionPreset, double> ReferenceMilliseconds = new()
    {
        [CorruptionPreset.Cifar10C] = 15.6,
        [CorruptionPreset.ImageNetC] = 172,
    };

    private const int Samples = 21;

    public const string Usage =
        "corruption-cost [--size 32|224] [NAME ...]\n"
        + "                                 ms per image per corruption at 32 and 224 px vs the reference generators (all 19 unless named)";

    public static int Run(string[] args)
    {
        var catalog = DefaultCorruptions.Create();
        var sizes = new List<int>();
        var only = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--size")
            {
                sizes.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            }
            else
            {
                only.Add(args[i]);
            }
        }

        var names = only.Count > 0 ? only : catalog.Names;
        foreach (var (file, preset, repeats) in new[] { ("cifar_0_clean.png", CorruptionPreset.Cifar10C, 200), ("imagenet_0_clean.png", CorruptionPreset.ImageNetC, 20) })
        {
            if (sizes.Count > 0 && !sizes.Contains(preset == CorruptionPreset.Cifar10C ? 32 : 224))
            {
                continue;
            }

            var (image, shape) = Load(BenchPaths.Shared("reference", "corruptions", file));
            var output = new float[image.Length];
            var total = 0.0;
            var totalCpu = 0.0;
            Console.WriteLine($"{shape} ({preset}), severity 3, one thread, medians of {Samples} samples of {Math.Max(1, repeats / 7)} calls (cpu: the thread's CPU time):");
            foreach (var name in names)
            {
                var corruption = catalog.Get(name);
                // Warm-up until tiered compilation has settled (JIT tier 0 code of vector kernels is many times slower).
                var warmUp = Stopwatch.StartNew();
                for (var w = 0; w < 50 || warmUp.ElapsedMilliseconds < 300; w++)
                {
                    corruption.Apply(image, shape, 3, preset, new Random(w), output);
                }

                // Medians of 21 samples, thread CPU time beside wall time: the work is one thread,
                // so on a shared machine its own CPU time moves far less with other jobs' load.
                var perSample = Math.Max(1, repeats / 7);
                var walls = new double[Samples];
                var cpus = new double[Samples];
                for (var s = 0; s < Samples; s++)
                {
                    var cpuBefore = ThreadCpuTime.Milliseconds();
                    var watch = Stopwatch.StartNew();
                    for (var r = 0; r < perSample; r++)
                    {
                        corruption.Apply(image, shape, 3, preset, new Random((s * perSample) + r), output);
                    }

                    walls[s] = watch.Elapsed.TotalMilliseconds / perSample;
                    cpus[s] = (ThreadCpuTime.Milliseconds() - cpuBefore) / perSample;
                }

                Array.Sort(walls);
                Array.Sort(cpus);
                var ms = walls[Samples / 2];
                var cpu = cpus[Samples / 2];
                total += ms;
                totalCpu += cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-18} {ms,8:F3} ms  (cpu {cpu,8:F3} ms)"));
            }

            var reference = ReferenceMilliseconds[preset];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  all {names.Count,2} corruptions {total,8:F3} ms per image (cpu {totalCpu:F3} ms); reference {reference} ms for 19 -> {reference / total:F1}x faster (target: 224 px <= 17 ms for all 19)"));
        }

        return 0;
    }

    private static (float[] Image, ImageShape Shape) Load(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var shape = new ImageShape(3, rgba.Height, rgba.Width);
        var plane = rgba.Width * rgba.Height;
        var pixels = rgba.GetPixelSpan();
        var image = new float[shape.Length];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                image[(c * plane) + p] = pixels[(p * 4) + c] / 255f;
            }
        }

        return (image, shape);
    }
}
