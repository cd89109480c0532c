using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>Every bounded attack returns images in [0,1] within eps, with honest Norm/Predicted/Success.</summary>
public class AttackBoundsTests
{
    [Theory]
    [InlineData(AttackNorm.LInf, 0.03)]
    [InlineData(AttackNorm.L2, 0.4)]
    public void ReturnedImagesStayInBoxAndBall(AttackNorm norm, double epsilon)
    {
        var model = new ReluNetModel(AttackFixtures.Shape, 16, 10, seed: 5);
        var batch = AttackFixtures.Batch(model, 6, seed: 11, lo: 0f, hi: 1f);
        var n = model.InputShape.Length;
        foreach (var attack in AttackFixtures.ShortAttacks(norm, epsilon))
        {
            var result = attack.Run(model, batch);
            Assert.Equal(batch.Count, result.Count);
            var logits = new float[model.ClassCount];
            for (var i = 0; i < batch.Count; i++)
            {
                var adversarial = result.Adversarial.AsSpan(i * n, n);
                foreach (var v in adversarial)
                {
                    Assert.InRange(v, 0f, 1f);
                }

                var distance = AttackFixtures.Distance(norm, adversarial, batch.Images.AsSpan(i * n, n));
                Assert.True(distance <= epsilon * (1 + 1e-5) + 1e-6, $"{attack.Name}: image {i} is {distance} from clean, eps {epsilon}");
                Assert.Equal(distance, result.Norm[i], 9);

                model.Score(adversarial, 1, logits);
                var predicted = AttackFixtures.AttackGoalArgMax(logits);
                Assert.Equal(predicted, result.Predicted[i]);
                Assert.Equal(predicted != batch.Labels[i], result.Success[i]);
            }
        }
    }

    [Fact]
    public void FmnStaysInBoxAndReportsItsNorms()
    {
        var model = new ReluNetModel(AttackFixtures.Shape, 16, 10, seed: 5);
        var batch = AttackFixtures.Batch(model, 4, seed: 12, lo: 0f, hi: 1f);
        var n = model.InputShape.Length;
        foreach (var norm in new[] { AttackNorm.LInf, AttackNorm.L2 })
        {
            var result = new FmnAttack(norm, new FmnOptions { Steps = 30 }).Run(model, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                var adversarial = result.Adversarial.AsSpan(i * n, n);
                Assert.All(adversarial.ToArray(), v => Assert.InRange(v, 0f, 1f));
                var expected = result.Success[i]
                    ? AttackFixtures.Distance(norm, adversarial, batch.Images.AsSpan(i * n, n))
                    : double.PositiveInfinity;
                Assert.Equal(expected, result.Norm[i], 9);
            }
        }
    }
}
