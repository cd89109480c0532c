using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Blur;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Corruptions.Blur;

/// <summary>
/// glass_blur, motion_blur and snow draw random numbers that cannot match numpy's stream, so the
/// statistics of (corrupted - clean) in uint8 levels are compared: mean, standard deviation and
/// share of changed values, each averaged over the reference items of one preset and severity
/// (ours over the same clean images and several seeds). Tolerance 10% relative; the mean, which is
/// near zero for blurs, also passes within an absolute 0.5 level.
/// </summary>
/// <remarks>
/// Exception, motion_blur: 15% and 1.5 levels. The reference holds one angle per image (8 CIFAR
/// images, 2 ImageNet ones) and the statistics swing by more than 10% from angle to angle, so the
/// reference average itself is that noisy; <see cref="MotionBlurAngleFitTests"/> is the real parity
/// check (pixel for pixel at the best angle).
/// </remarks>
public class RandomBlurStatisticsTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 0.10;
    private const double AbsoluteMeanTolerance = 0.5;
    private const double MotionRelativeTolerance = 0.15;
    private const double MotionAbsoluteMeanTolerance = 1.5;

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var name in new[] { "glass_blur", "motion_blur", "snow" })
        {
            foreach (var preset in new[] { "cifar10-c", "imagenet-c" })
            {
                for (var severity = 1; severity <= 5; severity++)
                {
                    data.Add(name, preset, severity);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_PresetAndSeverity_DeltaStatisticsWithinTenPercentOfReference(string corruption, string preset, int severity)
    {
        var items = ReferenceCorruptions.Items(corruption).Where(i => i.Preset == preset && i.Severity == severity).ToList();
        Assert.NotEmpty(items);
        var algorithm = BlurCorruptions.All.Single(c => c.Name == corruption);
        var relative = corruption == "motion_blur" ? MotionRelativeTolerance : RelativeTolerance;
        var absoluteMean = corruption == "motion_blur" ? MotionAbsoluteMeanTolerance : AbsoluteMeanTolerance;
        var draws = preset == "cifar10-c" ? 24 : 8;

        // Seeds drawn from one master generator: consecutive seeds would start System.Random's
        // streams at nearly the same first value (the same angle for every draw).
        var master = new Random(20190328);
        var seeds = items.Select(_ => Enumerable.Range(0, draws).Select(_ => master.Next()).ToArray()).ToList();

        var reference = Average(items.Select(item =>
        {
            var (clean, _) = ReferenceCorruptions.LoadPng(item.Clean);
            var (corrupted, _) = ReferenceCorruptions.LoadPng(item.File);
            return ReferenceCorruptions.DeltaStatistics(corrupted, clean);
        }));
        var ours = Average(items.SelectMany((item, index) =>
        {
            var (clean, _) = ReferenceCorruptions.LoadPng(item.Clean);
            return seeds[index].Select(seed => ReferenceCorruptions.DeltaStatistics(ReferenceCorruptions.Corrupt(algorithm, item, seed), clean));
        }));

        output.WriteLine($"{corruption} {preset} {severity}: reference mean {reference.Mean:F3} std {reference.Std:F3} changed {reference.Changed:F4}; "
            + $"ours mean {ours.Mean:F3} std {ours.Std:F3} changed {ours.Changed:F4}");
        Assert.True(
            Math.Abs(ours.Mean - reference.Mean) <= Math.Max(relative * Math.Abs(reference.Mean), absoluteMean),
            $"mean {ours.Mean:F3} vs {reference.Mean:F3}");
        Assert.True(Math.Abs(ours.Std - reference.Std) <= relative * reference.Std, $"std {ours.Std:F3} vs {reference.Std:F3}");
        Assert.True(Math.Abs(ours.Changed - reference.Changed) <= relative * reference.Changed, $"changed {ours.Changed:F4} vs {reference.Changed:F4}");
    }

    private static (double Mean, double Std, double Changed) Average(IEnumerable<(double Mean, double Std, double Changed)> statistics)
    {
        var list = statistics.ToList();
        return (list.Average(s => s.Mean), list.Average(s => s.Std), list.Average(s => s.Changed));
    }
}
