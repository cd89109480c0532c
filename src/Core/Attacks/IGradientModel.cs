using CloudFreq.Core.Imaging;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// A classifier that also returns the gradient of an <see cref="AttackLoss"/> with respect to its
/// [0,1] NCHW input: what white-box attacks need. The ONNX implementation runs the model's
/// gradient graph (forward and backward in one session run); tests use small closed-form models.
/// </summary>
/// <remarks>Not thread-safe, like <see cref="IClassifier"/>: one per worker thread.</remarks>
public interface IGradientModel : IClassifier
{
    /// <summary>
    /// For <paramref name="count"/> images: writes the logits (count x ClassCount), the loss per
    /// image (count) and d loss / d image (count x InputShape.Length, NCHW).
    /// </summary>
    /// <param name="labels">True labels (count).</param>
    /// <param name="targets">Target classes (count) for the targeted losses; ignored (may be empty) otherwise.</param>
    void LossGradient(
        AttackLoss loss,
        ReadOnlySpan<float> images,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<int> targets,
        int count,
        Span<float> logits,
        Span<float> losses,
        Span<float> gradients,
        CancellationToken cancellationToken = default);
}
