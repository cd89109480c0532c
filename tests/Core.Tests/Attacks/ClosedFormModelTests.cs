using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>The test models' analytic gradients agree with central differences, for every loss.</summary>
public class ClosedFormModelTests
{
    [Theory]
    [InlineData(AttackLoss.CrossEntropy)]
    [InlineData(AttackLoss.TargetedCrossEntropy)]
    [InlineData(AttackLoss.Margin)]
    [InlineData(AttackLoss.TargetedMargin)]
    [InlineData(AttackLoss.Dlr)]
    [InlineData(AttackLoss.TargetedDlr)]
    public void GradientsMatchCentralDifferences(AttackLoss loss)
    {
        var models = new ClosedFormModel[]
        {
            LinearModel.Random(AttackFixtures.Shape, 6, seed: 1),
            new ReluNetModel(AttackFixtures.Shape, 16, 6, seed: 2),
        };
        foreach (var model in models)
        {
            var batch = AttackFixtures.Batch(model, 1, seed: 3);
            var n = model.InputShape.Length;
            var logits = new float[model.ClassCount];
            var losses = new float[1];
            var gradient = new float[n];
            int[] target = [(batch.Labels[0] + 1) % model.ClassCount];
            model.LossGradient(loss, batch.Images, batch.Labels, target, 1, logits, losses, gradient);

            var direction = Enumerable.Range(0, n).Select(k => (float)Math.Sin(k * 1.7)).ToArray();
            const float h = 1e-3f;
            var plus = batch.Images.Select((v, k) => v + h * direction[k]).ToArray();
            var minus = batch.Images.Select((v, k) => v - h * direction[k]).ToArray();
            var z = new double[model.ClassCount];
            var dz = new double[model.ClassCount];
            model.Forward(plus, z);
            var up = LogitLosses.Compute(loss, z, batch.Labels[0], target[0], dz);
            model.Forward(minus, z);
            var down = LogitLosses.Compute(loss, z, batch.Labels[0], target[0], dz);
            var numeric = (up - down) / (2 * h);
            var analytic = gradient.Select((g, k) => (double)g * direction[k]).Sum();
            Assert.Equal(numeric, analytic, Math.Max(1e-3, 1e-3 * Math.Abs(numeric)));
        }
    }
}
