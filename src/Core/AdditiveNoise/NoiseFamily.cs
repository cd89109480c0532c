namespace CloudFreq.Core.AdditiveNoise;

/// <summary>The additive-noise families of DESIGN.md section 4, "Noise sweeps".</summary>
public enum NoiseFamily
{
    /// <summary>x + N(0, sigma^2) per pixel and channel; the level is sigma.</summary>
    Gaussian,

    /// <summary>x + U(-w, w) per pixel and channel; the level is the half-width w.</summary>
    Uniform,

    /// <summary>Each pixel, all channels together, set to 0 or to 1 with probability p/2 each; the level is p.</summary>
    SaltPepper,
}
