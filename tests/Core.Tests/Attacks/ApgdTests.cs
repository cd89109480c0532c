using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

public class ApgdTests
{
    [Fact]
    public void CheckpointsForHundredIterationsFollowThePaper()
    {
        // p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06), in exact decimals.
        var expected = new List<int>();
        decimal previous = 0m, current = 0.22m;
        while (current <= 1m)
        {
            expected.Add((int)Math.Ceiling(current * 100));
            var next = current + Math.Max(current - previous - 0.03m, 0.06m);
            previous = current;
            current = next;
        }

        Assert.Equal([22, 41, 57, 70, 80, 87, 93, 99], expected);
        Assert.Equal(expected, ApgdSchedule.Checkpoints(100));
    }

    [Fact]
    public void ReachesAtLeastPgdsLossOnMostImages()
    {
        var model = new ReluNetModel(AttackFixtures.Shape, 32, 10, seed: 31);
        var batch = AttackFixtures.Batch(model, 16, seed: 32);
        const double epsilon = 0.01;
        var apgd = new ApgdAttack(AttackNorm.LInf, epsilon, AttackLoss.CrossEntropy, new ApgdOptions { Iterations = 50 }).Run(model, batch);
        var pgd = new PgdAttack(AttackNorm.LInf, epsilon, new PgdOptions { Steps = 50 }).Run(model, batch);
        var apgdLoss = CrossEntropy(model, apgd.Adversarial, batch);
        var pgdLoss = CrossEntropy(model, pgd.Adversarial, batch);
        var atLeast = Enumerable.Range(0, batch.Count)
            .Count(i => apgd.Success[i] || (!pgd.Success[i] && apgdLoss[i] >= pgdLoss[i] - 1e-4 * Math.Abs(pgdLoss[i])));
        Assert.True(atLeast >= 0.75 * batch.Count, $"APGD matched PGD on {atLeast} of {batch.Count} images");
        Assert.True(apgd.Success.Count(s => s) >= pgd.Success.Count(s => s));
    }

    [Fact]
    public void TargetedRunsUseTopCleanClassesInOrder()
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 12, seed: 33);
        var batch = AttackFixtures.Batch(model, 1, seed: 34);
        var logits = new float[12];
        model.Score(batch.Images, 1, logits);
        var expected = Enumerable.Range(0, 12).Where(c => c != batch.Labels[0]).OrderByDescending(c => logits[c]).Take(9).ToArray();

        // A tiny budget keeps the image robust, so every one of the 9 targets gets its run.
        var result = new ApgdTargetedAttack(AttackNorm.LInf, 1e-6, new ApgdTargetedOptions { Iterations = 5 }).Run(model, batch);
        Assert.False(result.Success[0]);
        var used = new List<int>();
        foreach (var (loss, target) in model.TargetLog)
        {
            Assert.Equal(AttackLoss.TargetedDlr, loss);
            if (used.Count == 0 || used[^1] != target)
            {
                used.Add(target);
            }
        }

        Assert.Equal(expected, used);
        Assert.Equal(9 * 6, model.TargetLog.Count); // one start plus 5 iterations per target
    }

    [Fact]
    public void TargetedStopsOnceFooled()
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 10, seed: 35);
        var batch = AttackFixtures.Batch(model, 3, seed: 36);
        var result = new ApgdTargetedAttack(AttackNorm.LInf, 0.3, new ApgdTargetedOptions { Iterations = 10 }).Run(model, batch);
        Assert.All(result.Success, Assert.True);
        Assert.True(model.TargetLog.Count < 3 * 11, $"{model.TargetLog.Count} gradient rows: fooled images kept running");
    }

    private static float[] CrossEntropy(IGradientModel model, float[] images, AttackBatch batch)
    {
        var n = model.InputShape.Length;
        var losses = new float[batch.Count];
        model.LossGradient(AttackLoss.CrossEntropy, images, batch.Labels, [], batch.Count, new float[batch.Count * model.ClassCount], losses, new float[batch.Count * n]);
        return losses;
    }
}
