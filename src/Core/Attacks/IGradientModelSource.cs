namespace CloudFreq.Core.Attacks;

/// <summary>
/// The differentiable forms of the model a work item is about: the plain model, or the model with
/// the blur defense in front (DESIGN.md section 4). Sessions are expensive, so implementations cache.
/// </summary>
public interface IGradientModelSource
{
    /// <summary>The plain model (null) or the model behind a circular Gaussian blur of <paramref name="blurSigma"/>.</summary>
    IGradientModel Get(double? blurSigma = null);
}
