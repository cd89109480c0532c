using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Scoring;

/// <summary>Scores [0,1] NCHW images: the one scoring path every analysis uses.</summary>
public interface IClassifier
{
    /// <summary>The image shape the classifier accepts.</summary>
    ImageShape InputShape { get; }

    /// <summary>Number of output classes.</summary>
    int ClassCount { get; }

    /// <summary>Images per inference run; callers that transform images do so in batches of this size.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Writes the logits of <paramref name="count"/> images in <paramref name="images"/> (NCHW, [0,1])
    /// into <paramref name="logits"/> (count x ClassCount, row-major).
    /// </summary>
    void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default);
}
