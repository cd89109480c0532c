using System.Runtime.Intrinsics;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>A change of saturation and value in HSV, as a struct so the pixel loop inlines it.</summary>
internal interface IHsvAdjustment
{
    void Adjust(ref double saturation, ref double value);

    /// <summary>The same change on four pixels; each lane must end bit-identical to <see cref="Adjust(ref double, ref double)"/>.</summary>
    void Adjust(ref Vector256<double> saturation, ref Vector256<double> value);
}
