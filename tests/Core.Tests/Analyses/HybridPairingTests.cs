using CloudFreq.Core.Analyses;

namespace CloudFreq.Core.Tests.Analyses;

public class HybridPairingTests
{
    public static TheoryData<int[]> LabelSets => new()
    {
        Enumerable.Range(0, 1000).Select(i => i % 10).ToArray(),
        Enumerable.Range(0, 101).Select(i => i < 50 ? 0 : 1 + (i % 3)).ToArray(),
        new[] { 0, 1 },
        new[] { 0, 0, 1, 1 },
        new[] { 2, 2, 2, 1, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(LabelSets))]
    public void Pair_AnyLabels_IsAPermutationWithNoSameClassPair(int[] labels)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var partners = HybridPairing.Pair(labels, SeedDerivation.CreateRandom(0, "hybrid", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), "test");

            Assert.Equal(Enumerable.Range(0, labels.Length), partners.Order());
            Assert.All(Enumerable.Range(0, labels.Length), i => Assert.NotEqual(labels[i], labels[partners[i]]));
        }
    }

    [Fact]
    public void Pair_SameSeed_IsIdentical_DifferentSeed_Differs()
    {
        var labels = Enumerable.Range(0, 500).Select(i => (i * 7) % 10).ToArray();

        var a = HybridPairing.Pair(labels, SeedDerivation.CreateRandom(3, "hybrid", "1"), "test");
        var b = HybridPairing.Pair(labels, SeedDerivation.CreateRandom(3, "hybrid", "1"), "test");
        var c = HybridPairing.Pair(labels, SeedDerivation.CreateRandom(3, "hybrid", "2"), "test");

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Pair_ClassAboveHalf_SaysSoAndStops()
    {
        int[] labels = [1, 1, 1, 0, 2];

        var error = Assert.Throws<CloudFreqException>(() => HybridPairing.Pair(labels, new Random(0), "cifar"));

        Assert.Contains("more than half", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("cifar", error.Message, StringComparison.Ordinal);
    }
}
