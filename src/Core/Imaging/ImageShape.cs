namespace CloudFreq.Core.Imaging;

/// <summary>The shape of one image in CHW order.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Number of float values in one image.</summary>
    public int Length => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
