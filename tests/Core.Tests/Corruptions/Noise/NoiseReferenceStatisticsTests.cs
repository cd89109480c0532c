using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Digital;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Corruptions.Noise;

/// <summary>
/// The random corruptions cannot match numpy's draws pixel for pixel, so their (corrupted - clean)
/// statistics in uint8 levels are compared with the reference outputs', per preset and severity,
/// averaged over the reference items (and, on our side, over several seeds).
/// </summary>
public sealed class NoiseReferenceStatisticsTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 0.10;

    // Delta means are near zero (noise is centred; only clipping and truncation shift them), so a
    // 10% relative bound would be below the sampling error: they get an absolute bound of four
    // standard errors of the difference of the two means instead, whichever is larger.
    private const double MeanStandardErrors = 4.0;

    [Theory]
    [InlineData("gaussian_noise")]
    [InlineData("shot_noise")]
    [InlineData("impulse_noise")]
    [InlineData("speckle_noise")]
    public void Apply_ReferenceItemsPerPresetAndSeverity_DeltaStatisticsWithinTenPercent(string name)
    {
        var corruption = NoiseAndDigitalCorruptions.All.Single(c => c.Name == name);
        var groups = ReferenceCorruptions.Items(name).GroupBy(i => (i.Preset, i.Severity)).ToList();
        Assert.NotEmpty(groups);
        var failures = new List<string>();
        foreach (var group in groups)
        {
            var reference = new List<(double Mean, double Std, double Changed, int Count)>();
            var ours = new List<(double Mean, double Std, double Changed, int Count)>();
            var seeds = group.First().PresetValue == CorruptionPreset.Cifar10C ? 16 : 2;
            foreach (var (item, index) in group.Select((item, index) => (item, index)))
            {
                var (clean, _) = ReferenceCorruptions.LoadPng(item.Clean);
                var (corrupted, _) = ReferenceCorruptions.LoadPng(item.File);
                reference.Add(With(ReferenceCorruptions.DeltaStatistics(corrupted, clean), clean.Length));
                // A seed per image as well: one seed for all images would repeat one noise pattern.
                for (var seed = 0; seed < seeds; seed++)
                {
                    ours.Add(With(ReferenceCorruptions.DeltaStatistics(ReferenceCorruptions.Corrupt(corruption, item, (index * 1000) + seed), clean), clean.Length));
                }
            }

            var expected = Average(reference);
            var actual = Average(ours);
            var meanTolerance = Math.Max(
                RelativeTolerance * Math.Abs(expected.Mean),
                MeanStandardErrors * Math.Sqrt((Square(expected.Std) / expected.Count) + (Square(actual.Std) / actual.Count)));
            output.WriteLine(
                $"{group.Key.Preset} s{group.Key.Severity}: mean {actual.Mean:F3} vs {expected.Mean:F3} (tol {meanTolerance:F3}), " +
                $"std ratio {actual.Std / expected.Std:F3}, changed ratio {actual.Changed / expected.Changed:F3}");
            if (Math.Abs(actual.Mean - expected.Mean) > meanTolerance
                || Math.Abs(actual.Std - expected.Std) > RelativeTolerance * expected.Std
                || Math.Abs(actual.Changed - expected.Changed) > RelativeTolerance * expected.Changed)
            {
                failures.Add($"{name} {group.Key}: ours {actual}, reference {expected}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static (double Mean, double Std, double Changed, int Count) With((double Mean, double Std, double Changed) statistics, int count) =>
        (statistics.Mean, statistics.Std, statistics.Changed, count);

    private static (double Mean, double Std, double Changed, int Count) Average(List<(double Mean, double Std, double Changed, int Count)> statistics) =>
        (statistics.Average(s => s.Mean), statistics.Average(s => s.Std), statistics.Average(s => s.Changed), statistics.Sum(s => s.Count));

    private static double Square(double value) => value * value;
}
