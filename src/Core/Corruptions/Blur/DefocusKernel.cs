namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// The reference generators' defocus kernel: a flat disk of the given radius, normalized to sum 1,
/// anti-aliased by cv2.GaussianBlur (3x3, or 5x5 for radius above 8) with the given sigma.
/// </summary>
internal sealed class DefocusKernel
{
    /// <summary>Disks up to this radius sit on a fixed (2*8+1)^2 grid, as in the original.</summary>
    private const int FixedGridHalfSize = 8;

    public DefocusKernel(double radius, double aliasSigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        var half = radius <= FixedGridHalfSize ? FixedGridHalfSize : (int)Math.Floor(radius);
        var blurSize = radius <= FixedGridHalfSize ? 3 : 5;
        var size = (2 * half) + 1;

        // float32 throughout, like the original's np.float32 disk and CV_32F blur.
        var disk = new float[size * size];
        var inside = 0;
        for (var y = -half; y <= half; y++)
        {
            for (var x = -half; x <= half; x++)
            {
                if ((x * x) + (y * y) <= radius * radius)
                {
                    disk[((y + half) * size) + x + half] = 1f;
                    inside++;
                }
            }
        }

        for (var i = 0; i < disk.Length; i++)
        {
            disk[i] /= inside;
        }

        // cv2.GaussianBlur is separable with BORDER_REFLECT_101; the disk is not renormalized after it.
        var blurred = new float[disk.Length];
        SeparableFilter.Apply(disk, size, size, GaussianKernel.OpenCv(blurSize, aliasSigma), BorderMode.Reflect101, blurred,
            new float[SeparableFilter.ScratchLength(size, size, blurSize)]);
        Size = size;
        _weights = blurred;
    }

    private readonly float[] _weights;

    /// <summary>Side of the square kernel (odd).</summary>
    public int Size { get; }

    /// <summary>Row-major Size x Size weights.</summary>
    public ReadOnlySpan<float> Weights => _weights;
}
