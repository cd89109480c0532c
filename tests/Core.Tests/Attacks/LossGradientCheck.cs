using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>
/// Directional-derivative check of <see cref="IGradientModel.LossGradient"/>: (L(x + h d) - L(x - h d)) / 2h
/// against grad L(x) . d in float32 with h = 5e-4, all five evaluations (x, x +- h d, x +- h/2 d) in
/// one batch. As in the gradient graph check, a point where the one-sided slopes at h and h/2 spread
/// by more than 0.5% has a kink (ReLU, max-pool, or a change of which class is the max) within h and
/// is skipped, and so is a point where the loss is flat.
/// </summary>
internal static class LossGradientCheck
{
    private const double Step = 5e-4;

    public static List<double> RelativeErrors(
        IGradientModel model, AttackLoss loss, int seed, int attempts = 20, int wanted = 3, Action<string>? log = null)
    {
        var random = new Random(seed);
        var length = model.InputShape.Length;
        var classes = model.ClassCount;
        var errors = new List<double>();
        var images = new float[5 * length];
        var logits = new float[5 * classes];
        var losses = new float[5];
        var gradients = new float[5 * length];
        for (var attempt = 0; attempt < attempts && errors.Count < wanted; attempt++)
        {
            var x = Values(random, length, 0, 1);
            var d = Values(random, length, -1, 1);
            var label = random.Next(classes);
            var target = (label + 1 + random.Next(classes - 1)) % classes;
            double[] offsets = [0, Step, -Step, Step / 2, -Step / 2];
            for (var k = 0; k < 5; k++)
            {
                for (var i = 0; i < length; i++)
                {
                    images[(k * length) + i] = (float)(x[i] + (offsets[k] * d[i]));
                }
            }

            model.LossGradient(loss, images, [label, label, label, label, label], [target, target, target, target, target], 5,
                logits, losses, gradients);
            var directional = 0.0;
            for (var i = 0; i < length; i++)
            {
                directional += (double)gradients[i] * d[i];
            }

            double at = losses[0];
            double[] slopes = [(losses[1] - at) / Step, (at - losses[2]) / Step, (losses[3] - at) / (Step / 2), (at - losses[4]) / (Step / 2)];
            var central = (slopes[0] + slopes[1]) / 2;
            var scale = Math.Max(Math.Abs(central), Math.Abs(directional));
            if (scale < 1e-6)
            {
                continue; // flat here (DLR is constant 1 when the label holds pi_3): nothing to compare
            }

            if (slopes.Max() - slopes.Min() > 5e-3 * scale)
            {
                log?.Invoke($"skipped: slopes {string.Join(", ", slopes.Select(s => s.ToString("E4")))} grad.d {directional:E4}");
                continue; // a kink within h
            }

            errors.Add(Math.Abs(central - directional) / scale);
            log?.Invoke($"{loss}: loss {at:G5} central {central:E4} grad.d {directional:E4}");
        }

        return errors;
    }

    public static float[] Values(Random random, int count, double low, double high) =>
        Enumerable.Range(0, count).Select(_ => (float)(low + ((high - low) * random.NextDouble()))).ToArray();
}
