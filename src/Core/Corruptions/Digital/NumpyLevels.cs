namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// The float64 boundary of the generators: they read uint8 levels as level / 255. and store
/// floor(255 r). Colour arithmetic often lands exactly on a level (saturate: 2 min - max), where
/// float32 rounding alone would flip the truncation; these helpers keep numpy's decisions.
/// </summary>
internal static class NumpyLevels
{
    /// <summary>A value on a uint8 level as numpy holds it (level / 255. in float64); any other value unchanged.</summary>
    public static double Read(float value)
    {
        var scaled = value * 255.0;
        var level = Math.Round(scaled);
        return Math.Abs(scaled - level) < 1e-3 ? level / 255.0 : value;
    }

    /// <summary>
    /// The float32 nearest to <paramref name="value"/> (clipped to [0,1]) that still truncates to
    /// numpy's uint8 level floor(255 value) under <see cref="CorruptionOutput.Quantize"/>.
    /// </summary>
    public static float Write(double value)
    {
        value = Math.Clamp(value, 0.0, 1.0);
        var level = (float)Math.Floor(value * 255.0);
        var result = (float)value;
        while (MathF.Floor(result * 255f) > level)
        {
            result = MathF.BitDecrement(result);
        }

        while (MathF.Floor(result * 255f) < level)
        {
            result = MathF.BitIncrement(result);
        }

        return result;
    }
}
