using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Blur;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Corruptions.Blur;

/// <summary>
/// motion_blur's only randomness is its angle, and the kernel's offsets change at few angles: at the
/// best of them our output must match each reference item pixel for pixel, which checks the
/// ImageMagick kernel (one-sided weights, offsets, edge pixels, rounding) itself.
/// </summary>
public class MotionBlurAngleFitTests(ITestOutputHelper output)
{
    public static TheoryData<string> Items()
    {
        var data = new TheoryData<string>();
        foreach (var item in ReferenceCorruptions.Items("motion_blur"))
        {
            data.Add(item.File);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Items))]
    public void ApplyAtAngle_BestAngle_MatchesReferenceItem(string file)
    {
        var item = ReferenceCorruptions.Items("motion_blur").Single(i => i.File == file);
        var (clean, shape) = ReferenceCorruptions.LoadPng(item.Clean);
        var (reference, _) = ReferenceCorruptions.LoadPng(item.File);
        var motion = new MotionBlur();
        var kernel = motion.Kernel(item.PresetValue, item.Severity);
        var dx = new int[kernel.Width];
        var dy = new int[kernel.Width];
        var seen = new HashSet<string>();
        var ours = new float[clean.Length];
        var best = (Mean: double.MaxValue, P99: double.MaxValue, Angle: 0.0);
        for (var angle = -45.0; angle <= 45.0; angle += 0.05)
        {
            kernel.Offsets(angle, dx, dy);
            if (!seen.Add(string.Join(',', dx) + ";" + string.Join(',', dy)))
            {
                continue;
            }

            motion.ApplyAtAngle(clean, shape, item.Severity, item.PresetValue, angle, ours);
            CorruptionOutput.Quantize(ours);
            var (mean, p99) = ReferenceCorruptions.Difference(ours, reference);
            if (mean < best.Mean)
            {
                best = (mean, p99, angle);
            }
        }

        output.WriteLine($"{file}: {seen.Count} offset tables; best angle {best.Angle:F2}: mean {best.Mean:F4} p99 {best.P99}");
        Assert.True(best.Mean <= 0.05, $"mean {best.Mean:F4}");
        Assert.True(best.P99 <= 1, $"p99 {best.P99}");
    }
}
