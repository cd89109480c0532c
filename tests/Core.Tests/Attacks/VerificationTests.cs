using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>Success comes from re-scoring the returned images, never from the attack's bookkeeping.</summary>
public class VerificationTests
{
    /// <summary>Honest Score and gradients, but LossGradient's logits claim every image is misclassified (or in its target class).</summary>
    private sealed class LyingModel(ClosedFormModel inner) : ClosedFormModel(inner.InputShape, inner.ClassCount)
    {
        public override void Forward(ReadOnlySpan<float> image, Span<double> logits) => inner.Forward(image, logits);

        public override void Backward(ReadOnlySpan<float> image, ReadOnlySpan<double> dLogits, Span<float> gradient) =>
            inner.Backward(image, dLogits, gradient);

        public override void LossGradient(AttackLoss loss, ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<int> targets, int count, Span<float> logits, Span<float> losses, Span<float> gradients, CancellationToken cancellationToken = default)
        {
            base.LossGradient(loss, images, labels, targets, count, logits, losses, gradients, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var row = logits.Slice(i * ClassCount, ClassCount);
                var claimed = targets.Length > 0 ? targets[i] : (labels[i] + 1) % ClassCount;
                row[claimed] = 1e6f;
            }
        }
    }

    [Theory]
    [InlineData(AttackNorm.LInf, 1e-4)]
    [InlineData(AttackNorm.L2, 1e-3)]
    public void LyingGradientLogitsDoNotMakeSuccess(AttackNorm norm, double epsilon)
    {
        var honest = LinearModel.Random(AttackFixtures.Shape, 10, seed: 61);
        var model = new LyingModel(honest);
        var batch = AttackFixtures.Batch(model, 3, seed: 62, accept: (row, label) =>
        {
            // Keep only images whose margin survives the tiny budget.
            var z = new double[10];
            honest.Forward(row, z);
            return z[label] - z.Where((_, c) => c != label).Max() > 0.5;
        });
        var targets = batch.Labels.Select(l => (l + 3) % 10).ToArray();
        var attacks = AttackFixtures.ShortAttacks(norm, epsilon).Where(a => a is not SquareAttack and not EnsembleAttack).ToList();
        attacks.Add(new FmnAttack(norm, new FmnOptions { Steps = 10 }));
        attacks.Add(new PgdAttack(norm, epsilon, new PgdOptions { Loss = AttackLoss.TargetedCrossEntropy }));
        attacks.Add(new FmnAttack(norm, new FmnOptions { Steps = 10, Targeted = true }));
        foreach (var attack in attacks)
        {
            var result = attack.Run(model, attack.Targeted ? batch with { Targets = targets } : batch);
            Assert.All(result.Success, s => Assert.False(s, $"{attack.Name} reported a success the model does not confirm"));
            Assert.Equal(batch.Labels, result.Predicted);
            if (attack is FmnAttack)
            {
                Assert.All(result.Norm, v => Assert.Equal(double.PositiveInfinity, v));
            }
        }
    }

    [Fact]
    public void CleanMisclassifiedImagesComeBackUntouched()
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 10, seed: 63);
        var batch = AttackFixtures.Batch(model, 3, seed: 64);
        var wrong = batch with { Labels = batch.Labels.Select(l => (l + 1) % 10).ToArray() };
        foreach (var attack in AttackFixtures.ShortAttacks(AttackNorm.LInf, 0.05).Append(new FmnAttack(AttackNorm.L2)))
        {
            var result = attack.Run(model, wrong);
            Assert.All(result.Success, Assert.True);
            Assert.All(result.Norm, v => Assert.Equal(0.0, v));
            Assert.Equal(batch.Images, result.Adversarial);
        }
    }
}
