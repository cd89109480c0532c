namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>The blur family (defocus, glass, motion, zoom and the extra Gaussian blur) and snow, which shares the motion-blur kernel.</summary>
public static class BlurCorruptions
{
    public static IReadOnlyList<ICorruption> All { get; } = Array.AsReadOnly<ICorruption>(
    [
        new DefocusBlur(),
        new GlassBlur(),
        new MotionBlur(),
        new ZoomBlur(),
        new Snow(),
        new GaussianBlur(),
    ]);
}
