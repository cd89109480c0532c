using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

public class SquareAttackTests
{
    [Theory]
    [InlineData(AttackNorm.LInf)]
    [InlineData(AttackNorm.L2)]
    public void RespectsTheQueryBudgetPerImage(AttackNorm norm)
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 10, seed: 41);
        const int queries = 60;
        var options = new SquareOptions { Queries = queries };
        foreach (var count in new[] { 1, 3 })
        {
            var batch = AttackFixtures.Batch(model, count, seed: 42);
            var result = new SquareAttack(norm, 1e-4, options).Run(model, batch);
            Assert.All(result.Success, s => Assert.False(s));

            // Per image: one clean check, the budget (initialization included), one final check.
            Assert.Equal(count * (queries + 2), model.ScoreRows);
            Assert.Equal(0, model.GradientRows);
        }
    }

    [Theory]
    [InlineData(AttackNorm.LInf, 0.3)]
    [InlineData(AttackNorm.L2, 3.0)]
    public void FindsAdversarialsAtAGenerousBudgetAndStopsQuerying(AttackNorm norm, double epsilon)
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 10, seed: 43, scale: 0.3);
        var batch = AttackFixtures.Batch(model, 5, seed: 44);
        const int queries = 1000;
        var result = new SquareAttack(norm, epsilon, new SquareOptions { Queries = queries }).Run(model, batch);
        Assert.All(result.Success, Assert.True);
        Assert.True(model.ScoreRows < batch.Count * queries / 4, $"{model.ScoreRows} rows scored: fooled images kept querying");
        Assert.Equal(0, model.GradientRows);
    }

    [Fact]
    public void TheScheduleHalvesPAsTheReference()
    {
        Assert.Equal(0.8, SquareSchedule.P(0.8, 0, 10000));
        Assert.Equal(0.8, SquareSchedule.P(0.8, 10, 10000));
        Assert.Equal(0.4, SquareSchedule.P(0.8, 11, 10000));
        Assert.Equal(0.2, SquareSchedule.P(0.8, 51, 10000));
        Assert.Equal(0.8 / 512, SquareSchedule.P(0.8, 9999, 10000));

        // 5000 queries: the schedule is rescaled to 10000.
        Assert.Equal(0.4, SquareSchedule.P(0.8, 6, 5000));
        Assert.Equal(0.8 / 64, SquareSchedule.P(0.8, 1500, 5000));
    }

    [Fact]
    public void TheL2PatternHasUnitNormAndOppositeHalves()
    {
        var pattern = SquareSchedule.MetaPattern(5);
        Assert.Equal(1.0, Math.Sqrt(pattern.Sum(v => v * v)), 12);
        Assert.True(pattern.Take(10).All(v => v > 0));
        Assert.True(pattern.Skip(10).All(v => v < 0));
    }
}
