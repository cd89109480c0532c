using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>
/// On a two-class linear model the loss only depends on (w_other - w_label) . x, so the worst
/// perturbation in the eps ball is known in closed form: eps * sign(w_other - w_label) for L-inf and
/// eps * (w_other - w_label) / ||.||_2 for L2 (images far from the box edges, margins too large to
/// flip, so the attacks return their highest-loss point). FMN's minimal norms are the distances to
/// the hyperplane, |margin| / ||w_diff||_2 (L2) and / ||w_diff||_1 (L-inf).
/// </summary>
public class LinearOptimumTests
{
    private static readonly LinearModel Model = LinearModel.Random(AttackFixtures.Shape, 2, seed: 21);

    private static float[] Direction(int label)
    {
        var n = Model.InputShape.Length;
        var other = 1 - label;
        return Enumerable.Range(0, n).Select(k => (float)(Model.Weights[other, k] - Model.Weights[label, k])).ToArray();
    }

    private static double Margin(AttackBatch batch, int i)
    {
        var n = Model.InputShape.Length;
        var z = new double[2];
        Model.Forward(batch.Images.AsSpan(i * n, n), z);
        return z[batch.Labels[i]] - z[1 - batch.Labels[i]];
    }

    private static AttackBatch RobustBatch(double minMargin) =>
        AttackFixtures.Batch(Model, 5, seed: 22, lo: 0.3f, hi: 0.7f, accept: (row, label) =>
        {
            var z = new double[2];
            Model.Forward(row, z);
            return z[label] - z[1 - label] > minMargin;
        });

    private static float[] Optimum(AttackBatch batch, AttackNorm norm, double epsilon)
    {
        var n = Model.InputShape.Length;
        var expected = new float[batch.Images.Length];
        for (var i = 0; i < batch.Count; i++)
        {
            var d = Direction(batch.Labels[i]);
            var l2 = Math.Sqrt(d.Sum(v => (double)v * v));
            for (var k = 0; k < n; k++)
            {
                var step = norm == AttackNorm.LInf ? Math.Sign(d[k]) * epsilon : epsilon * d[k] / l2;
                expected[i * n + k] = (float)(batch.Images[i * n + k] + step);
            }
        }

        return expected;
    }

    [Theory]
    [InlineData(AttackNorm.LInf, 0.01)]
    [InlineData(AttackNorm.L2, 0.05)]
    public void FgsmAndPgdReachTheWorstCase(AttackNorm norm, double epsilon)
    {
        var batch = RobustBatch(minMargin: 1.0);
        var expected = Optimum(batch, norm, epsilon);
        var attacks = new IAttack[]
        {
            new FgsmAttack(norm, epsilon),
            new PgdAttack(norm, epsilon, new PgdOptions { Steps = 20, RandomStart = norm == AttackNorm.LInf }),
            new PgdAttack(norm, epsilon, new PgdOptions { Steps = 20, RandomStart = false, Loss = AttackLoss.Margin }),
        };
        foreach (var attack in attacks)
        {
            var result = attack.Run(Model, batch);
            Assert.All(result.Success, s => Assert.False(s));
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - result.Adversarial[k]) < 1e-5, $"{attack.Name}: pixel {k} is {result.Adversarial[k]}, optimum {expected[k]}");
            }
        }
    }

    [Theory]
    [InlineData(AttackNorm.L2)]
    [InlineData(AttackNorm.LInf)]
    public void FmnFindsTheDistanceToTheHyperplane(AttackNorm norm)
    {
        var batch = RobustBatch(minMargin: 0.5);
        var result = new FmnAttack(norm).Run(Model, batch);
        for (var i = 0; i < batch.Count; i++)
        {
            var d = Direction(batch.Labels[i]);
            var dual = norm == AttackNorm.L2 ? Math.Sqrt(d.Sum(v => (double)v * v)) : d.Sum(v => Math.Abs((double)v));
            var distance = Margin(batch, i) / dual;
            Assert.True(result.Success[i]);
            Assert.True(result.Norm[i] >= distance * (1 - 1e-4), $"image {i}: {result.Norm[i]} below the minimum {distance}");
            Assert.True(result.Norm[i] <= distance * 1.03, $"image {i}: {result.Norm[i]} vs minimum {distance}");
        }
    }

    [Theory]
    [InlineData(false, 100)]
    [InlineData(true, 1000)] // far targets past several competing classes need the smaller late steps of a longer run
    public void TargetedFmnReachesTheTarget(bool randomTargets, int steps)
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 5, seed: 23);
        var batch = AttackFixtures.Batch(model, 4, seed: 24);
        var n = model.InputShape.Length;
        var logits = new float[5];
        var targets = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            model.Score(batch.Images.AsSpan(i * n, n), 1, logits);
            targets[i] = randomTargets ? (batch.Labels[i] + 2) % 5 : TargetRanking.TopOtherClasses(logits, batch.Labels[i], 1)[0];
        }

        var result = new FmnAttack(AttackNorm.L2, new FmnOptions { Targeted = true, Steps = steps }).Run(model, batch with { Targets = targets });
        Assert.All(result.Success, Assert.True);
        Assert.Equal(targets, result.Predicted);
    }
}
