namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>A change of saturation and value in HSV, as a struct so the pixel loop inlines it.</summary>
internal interface IHsvAdjustment
{
    void Adjust(ref double saturation, ref double value);
}
