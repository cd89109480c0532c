using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Digital;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Corruptions.Digital;

/// <summary>
/// The deterministic digital corruptions against every reference output of the original
/// generators: per image, mean |difference| and its 99th percentile in uint8 levels.
/// </summary>
public sealed class DigitalReferenceParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("brightness")]
    [InlineData("contrast")]
    [InlineData("saturate")]
    [InlineData("pixelate")]

    // Skia's libjpeg-turbo stands in for PIL's libjpeg; measured bit-exact on the references (same
    // IJG quality scaling, 4:2:0, integer DCT), so JPEG keeps the common bound.
    [InlineData("jpeg_compression")]
    public void Apply_EveryReferenceItem_MatchesWithinOneLevelMeanAndThreeLevelsP99(string name)
    {
        const double meanBound = 1.0;
        const double p99Bound = 3.0;
        var corruption = NoiseAndDigitalCorruptions.All.Single(c => c.Name == name);
        var items = ReferenceCorruptions.Items(name);
        Assert.NotEmpty(items);
        var failures = new List<string>();
        foreach (var item in items)
        {
            var corrupted = ReferenceCorruptions.Corrupt(corruption, item);
            var (reference, _) = ReferenceCorruptions.LoadPng(item.File);
            var (mean, p99) = ReferenceCorruptions.Difference(corrupted, reference);
            output.WriteLine($"{item.File}: mean {mean:F3}, p99 {p99:F0}");
            if (mean > meanBound || p99 > p99Bound)
            {
                failures.Add($"{item.File}: mean {mean:F3} (bound {meanBound}), p99 {p99} (bound {p99Bound})");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
