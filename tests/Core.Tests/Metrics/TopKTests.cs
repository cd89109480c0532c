using CloudFreq.Core.Metrics;

namespace CloudFreq.Core.Tests.Metrics;

public class TopKTests
{
    [Fact]
    public void ArgMax_TiedMaximum_ReturnsFirstIndex()
    {
        Assert.Equal(1, TopK.ArgMax([0.1f, 0.9f, 0.9f, -3f]));
    }

    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(3, 1, true)]
    [InlineData(0, 4, false)]
    [InlineData(0, 5, true)]
    [InlineData(5, 5, true)]
    public void Contains_RanksAgainstStrictlyLargerLogits(int label, int k, bool expected)
    {
        // Rank order: 3 (0.9), 1 (0.8), 4 (0.7), 2 (0.5), 0 (0.3), 5 (0.3), 6 (0.1)
        float[] logits = [0.3f, 0.8f, 0.5f, 0.9f, 0.7f, 0.3f, 0.1f];
        Assert.Equal(expected, TopK.Contains(logits, label, k));
    }
}
