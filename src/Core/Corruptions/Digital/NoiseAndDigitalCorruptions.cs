using CloudFreq.Core.Corruptions.Noise;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>The noise and digital families' corruptions, for the integrator's registry of all 19.</summary>
public static class NoiseAndDigitalCorruptions
{
    /// <summary>gaussian, shot, impulse and speckle noise; brightness, contrast, saturate, pixelate, jpeg_compression.</summary>
    public static IReadOnlyList<ICorruption> All { get; } = Array.AsReadOnly<ICorruption>(
    [
        new GaussianNoise(),
        new ShotNoise(),
        new ImpulseNoise(),
        new SpeckleNoise(),
        new Brightness(),
        new Contrast(),
        new Saturate(),
        new Pixelate(),
        new JpegCompression(),
    ]);
}
