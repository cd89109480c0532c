using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Blur;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Corruptions.Blur;

/// <summary>
/// defocus_blur, zoom_blur and gaussian_blur are deterministic: every reference item must match
/// pixel for pixel up to float rounding (mean |difference| at most 1 level, 99th percentile at most 3).
/// </summary>
public class DeterministicBlurParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Items()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "defocus_blur", "zoom_blur", "gaussian_blur" })
        {
            foreach (var item in ReferenceCorruptions.Items(name))
            {
                data.Add(name, item.File);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Items))]
    public void Apply_ReferenceItem_MatchesWithinOneLevelMeanAndThreeLevelsP99(string corruption, string file)
    {
        var item = ReferenceCorruptions.Items(corruption).Single(i => i.File == file);
        var algorithm = BlurCorruptions.All.Single(c => c.Name == corruption);
        var (reference, _) = ReferenceCorruptions.LoadPng(item.File);

        var ours = ReferenceCorruptions.Corrupt(algorithm, item);

        var (mean, p99) = ReferenceCorruptions.Difference(ours, reference);
        output.WriteLine($"{file}: mean {mean:F4} p99 {p99}");
        Assert.True(mean <= 1.0, $"{file}: mean |difference| {mean:F3} levels");
        Assert.True(p99 <= 3.0, $"{file}: 99th percentile {p99} levels");
    }
}
