namespace CloudFreq.Core.Frequency;

/// <summary>Which part of a spectrum a filter keeps: the low-pass mask M or its complement 1 - M.</summary>
public enum FilterKind
{
    LowPass,
    HighPass,
}
