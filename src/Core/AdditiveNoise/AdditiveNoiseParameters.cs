namespace CloudFreq.Core.AdditiveNoise;

/// <summary>What <see cref="AdditiveNoiseApplier"/> does to an image, before the noise's randomness.</summary>
/// <param name="Family">The noise family.</param>
/// <param name="Level">sigma (gaussian), half-width w (uniform) or density p (salt-pepper); 0 adds nothing.</param>
/// <param name="Grayscale">Replace every channel by the BT.601 luma first (model-vs-human's noise conditions are grey).</param>
/// <param name="Contrast">
/// Contrast level c in (0, 1] applied first as x = (1 - c) / 2 + c x, model-vs-human's contrast reduction
/// towards mid-grey; 1 leaves the image as it is.
/// </param>
/// <param name="Quantize">Truncate the noisy image to uint8 levels, as the corruptions do (numpy's uint8 cast).</param>
public sealed record AdditiveNoiseParameters(NoiseFamily Family, double Level, bool Grayscale = false, double Contrast = 1, bool Quantize = true)
{
    /// <summary>True when the image comes out unchanged: no noise and no transform before it.</summary>
    public bool IsIdentity => Level == 0 && !Grayscale && Contrast == 1;
}
