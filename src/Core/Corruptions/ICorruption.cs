using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions;

/// <summary>
/// One common corruption (Hendrycks and Dietterich 2019) at severities 1-5, as the reference
/// generators define it, on one RGB image.
/// </summary>
/// <remarks>
/// Implementations are stateless after construction and thread-safe: the analysis corrupts images
/// in parallel. All randomness comes from <paramref name="random"/>, which the caller seeds per
/// image from (run seed, image id, corruption, severity), so results never depend on batching.
/// Output is float in [0,1] before quantization; the caller applies the uint8 truncation and the
/// JPEG step of the ImageNet-C files (<see cref="CorruptionOutput"/>).
/// </remarks>
public interface ICorruption
{
    /// <summary>The benchmark's name, for example <c>gaussian_noise</c>.</summary>
    string Name { get; }

    /// <summary>True when the output depends on <c>random</c>.</summary>
    bool UsesRandomness { get; }

    /// <summary>
    /// Corrupts <paramref name="image"/> (3 x H x W, planar RGB in [0,1]) into
    /// <paramref name="destination"/> (same shape).
    /// </summary>
    void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination);
}
