namespace CloudFreq.Core.Frequency;

/// <summary>
/// A low-pass mask M prepared for <see cref="PrunedHybridComposer"/>: the hybrid is
/// B + IFFT(M (F(A) - F(B))) or, equally, A - IFFT((1 - M) (F(A) - F(B))). Whichever weight
/// (M, or -(1 - M)) has fewer nonzero spectrum rows is kept, with those rows' values, so the inverse
/// transform's row pass skips the zero rows: an ideal disk of small radius leaves most rows zero.
/// Immutable, so one instance may be shared by any number of threads.
/// </summary>
public sealed class HybridMaskBand
{
    private readonly int[] _rows;
    private readonly double[] _weights;

    public HybridMaskBand(FrequencyMask lowPass)
    {
        ArgumentNullException.ThrowIfNull(lowPass);
        Mask = lowPass;
        Height = lowPass.Grid.Height;
        Width = lowPass.Grid.Width;
        var values = lowPass.Values;
        var lowRows = NonzeroRows(values, complement: false);
        var highRows = NonzeroRows(values, complement: true);
        AddsToLowSource = highRows.Length < lowRows.Length;
        _rows = AddsToLowSource ? highRows : lowRows;
        _weights = new double[_rows.Length * Width];
        for (var j = 0; j < _rows.Length; j++)
        {
            for (var x = 0; x < Width; x++)
            {
                var m = (double)values[(_rows[j] * Width) + x];
                _weights[(j * Width) + x] = AddsToLowSource ? -(1.0 - m) : m;
            }
        }
    }

    /// <summary>The mask this band was made from.</summary>
    public FrequencyMask Mask { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>
    /// False: hybrid = B + IFFT(W D) with W = M; true: hybrid = A + IFFT(W D) with W = -(1 - M);
    /// D = F(A) - F(B).
    /// </summary>
    public bool AddsToLowSource { get; }

    /// <summary>The spectrum rows where W is nonzero, ascending.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>W on <see cref="Rows"/>: row j's W values at j * Width.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    private int[] NonzeroRows(ReadOnlySpan<float> values, bool complement)
    {
        var rows = new List<int>();
        for (var y = 0; y < Height; y++)
        {
            foreach (var m in values.Slice(y * Width, Width))
            {
                if ((complement ? 1f - m : m) != 0f)
                {
                    rows.Add(y);
                    break;
                }
            }
        }

        return [.. rows];
    }
}
