using CloudFreq.Core.Metrics;

namespace CloudFreq.Core.Tests.Metrics;

public class ClassificationCountsTests
{
    [Fact]
    public void Add_CountsTopOneTopFivePerClassAndConfusion()
    {
        var counts = new ClassificationCounts(6);
        counts.Add([0f, 5f, 1f, 2f, 3f, 4f], label: 1); // correct
        counts.Add([9f, 5f, 1f, 2f, 3f, 4f], label: 1); // predicted 0, label in top 5
        counts.Add([9f, 5f, 1f, 2f, 3f, 4f], label: 2); // predicted 0, label ranked last

        Assert.Equal(3, counts.Images);
        Assert.Equal(1, counts.Top1);
        Assert.Equal(2, counts.Top5);
        Assert.Equal([0L, 2, 1, 0, 0, 0], counts.PerClassTotal);
        Assert.Equal([0L, 1, 0, 0, 0, 0], counts.PerClassCorrect);
        Assert.Equal(1, counts.Confusion[(1 * 6) + 1]);
        Assert.Equal(1, counts.Confusion[(1 * 6) + 0]);
        Assert.Equal(1, counts.Confusion[(2 * 6) + 0]);
        Assert.Equal(3, counts.Confusion.Sum());
    }

    [Fact]
    public void MergeFrom_SplitCountsEqualWholeCounts()
    {
        var random = new Random(7);
        var whole = new ClassificationCounts(4);
        var first = new ClassificationCounts(4);
        var second = new ClassificationCounts(4);
        for (var i = 0; i < 200; i++)
        {
            float[] logits = [random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle()];
            var label = random.Next(4);
            whole.Add(logits, label);
            (i < 77 ? first : second).Add(logits, label);
        }

        first.MergeFrom(second);

        Assert.Equal(whole.Images, first.Images);
        Assert.Equal(whole.Top1, first.Top1);
        Assert.Equal(whole.Top5, first.Top5);
        Assert.Equal(whole.PerClassCorrect, first.PerClassCorrect);
        Assert.Equal(whole.Confusion, first.Confusion);
    }

    [Fact]
    public void MergeFrom_DifferentClassCount_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new ClassificationCounts(3).MergeFrom(new ClassificationCounts(4)));
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryCountAndStoresOnlyNonZeroCells()
    {
        var counts = new ClassificationCounts(1000);
        counts.Add(Logits(1000, winner: 7), label: 7);
        counts.Add(Logits(1000, winner: 3), label: 999);
        counts.Add(Logits(1000, winner: 3), label: 999);

        var json = System.Text.Json.JsonSerializer.Serialize(counts);
        var back = System.Text.Json.JsonSerializer.Deserialize<ClassificationCounts>(json)!;

        Assert.True(json.Length < 20_000, $"{json.Length} characters for 2 non-zero cells");
        Assert.Equal(counts.Confusion, back.Confusion);
        Assert.Equal(counts.PerClassTotal, back.PerClassTotal);
        Assert.Equal(counts.Top1, back.Top1);
        Assert.Equal(2, back.Confusion[(999 * 1000) + 3]);
    }

    private static float[] Logits(int classes, int winner)
    {
        var logits = new float[classes];
        logits[winner] = 1f;
        return logits;
    }
}
