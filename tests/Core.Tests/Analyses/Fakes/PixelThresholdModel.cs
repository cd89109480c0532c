using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Analyses.Fakes;

/// <summary>
/// Two classes decided by the first pixel: logits (t - x0, x0 - t). Carries a tag so tests can tell
/// which variant (plain or blurred) scored. No gradients: the fake attacks do not need them.
/// </summary>
internal sealed class PixelThresholdModel(ImageShape shape, float threshold = 0.5f, double? sigma = null) : IGradientModel
{
    public double? Sigma => sigma;

    public ImageShape InputShape => shape;

    public int ClassCount => 2;

    public int BatchSize => 4;

    public int ScoreCalls { get; private set; }

    public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
    {
        ScoreCalls++;
        for (var i = 0; i < count; i++)
        {
            var x0 = images[i * shape.Length];
            logits[2 * i] = threshold - x0;
            logits[(2 * i) + 1] = x0 - threshold;
        }
    }

    public void LossGradient(AttackLoss loss, ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<int> targets, int count, Span<float> logits, Span<float> losses, Span<float> gradients, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the fake model has no gradients");
}

/// <summary>Hands out one <see cref="PixelThresholdModel"/> per sigma; the blurred ones use a higher threshold.</summary>
internal sealed class FakeGradientModelSource(ImageShape shape) : IGradientModelSource
{
    public List<double?> Requested { get; } = [];

    public IGradientModel Get(double? blurSigma = null)
    {
        Requested.Add(blurSigma);
        return new PixelThresholdModel(shape, blurSigma is { } s ? 0.5f + (float)(s / 10) : 0.5f, blurSigma);
    }
}
