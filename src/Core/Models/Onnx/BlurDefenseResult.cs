namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// A model with the blur defense in front: its bytes (same inputs and outputs as the original),
/// a one-line description for reports, and the kernel it uses.
/// </summary>
public sealed record BlurDefenseResult(byte[] ModelBytes, string Description, double Sigma, int HalfSize)
{
    /// <summary>The kernel's side, 2 <see cref="HalfSize"/> + 1.</summary>
    public int KernelSize => (2 * HalfSize) + 1;
}
