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
            Console.WriteLine($"{shape} ({preset}), severity 3, one thread, {repeats} repeats:");
            foreach (var name in names)
            {
                var corruption = catalog.Get(name);
                // Warm-up until tiered compilation has settled (JIT tier 0 code of vector kernels is many times slower).
                var warmUp = Stopwatch.StartNew();
                for (var w = 0; w < 50 || warmUp.ElapsedMilliseconds < 300; w++)
                {
                    corruption.Apply(image, shape, 3, preset, new Random(w), output);
                }

                // CPU time beside wall time: the work is one thread, so on a shared machine the
                // process's CPU time moves far less with other jobs' load than the wall clock.
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                for (var r = 0; r < repeats; r++)
                {
                    corruption.Apply(image, shape, 3, preset, new Random(r), output);
                }

                var ms = watch.Elapsed.TotalMilliseconds / repeats;
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / repeats;
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
