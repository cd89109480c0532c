using System.Globalization;
using System.Numerics;
using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The frequencies of a Fourier heat map and their basis images (Yin et al. 2019): the cells of the shifted
/// spectrum inside a window around DC, and the distinct basis images they need. The basis image of frequency
/// (ky, kx) is U = Re(IDFT(e_(ky,kx) + e_(-ky,-kx))) scaled to unit L2 norm, a cosine; (ky, kx) and
/// (-ky, -kx) give the same image (Hermitian symmetry), so with <c>mirror</c> each pair is one basis image,
/// identified by its canonical bin: the smaller of the two unshifted row-major bin indices.
/// </summary>
/// <remarks>
/// Rows of the window are ky = -(window / 2) .. window / 2 (odd windows, symmetric around DC) or, when the window
/// covers the side, every ky of the side in shifted order (-(H / 2) .. (H - 1) / 2); the mirror of a cell then
/// always lies in the window. Immutable; one instance may be shared by threads.
/// </remarks>
public sealed class FourierHeatmapBasis
{
    private readonly int[] _cellBasis;
    private readonly int[] _basisBins;

    /// <param name="height">Image height H.</param>
    /// <param name="width">Image width W.</param>
    /// <param name="window">Odd side of the window of frequencies around DC; a side at least H (W) covers every row (column).</param>
    /// <param name="mirror">One basis image per Hermitian pair (the analysis's path); false computes every cell on its own (tests).</param>
    public FourierHeatmapBasis(int height, int width, int window, bool mirror = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (window % 2 == 0)
        {
            throw new ArgumentException($"The window must be odd, got {window}.", nameof(window));
        }

        Height = height;
        Width = width;
        Mirror = mirror;
        Ky = Side(height, window);
        Kx = Side(width, window);
        _cellBasis = new int[Ky.Count * Kx.Count];
        var basisOfBin = new Dictionary<int, int>();
        var bins = new List<int>();
        for (var r = 0; r < Ky.Count; r++)
        {
            for (var c = 0; c < Kx.Count; c++)
            {
                var bin = Bin(Ky[r], Kx[c]);
                var key = mirror ? CanonicalBin(bin) : bin;
                if (!basisOfBin.TryGetValue(key, out var basis))
                {
                    basis = bins.Count;
                    basisOfBin[key] = basis;
                    bins.Add(bin);
                }

                _cellBasis[(r * Kx.Count) + c] = basis;
            }
        }

        _basisBins = [.. bins];
    }

    public int Height { get; }

    public int Width { get; }

    public bool Mirror { get; }

    /// <summary>The rows of the window: signed vertical frequency indices, ascending.</summary>
    public IReadOnlyList<int> Ky { get; }

    /// <summary>The columns of the window: signed horizontal frequency indices, ascending.</summary>
    public IReadOnlyList<int> Kx { get; }

    /// <summary>Cells of the window (rows x columns).</summary>
    public int CellCount => _cellBasis.Length;

    /// <summary>Distinct basis images, each evaluated once.</summary>
    public int BasisCount => _basisBins.Length;

    /// <summary>The basis index of cell (row, column) of the window.</summary>
    public int BasisOf(int row, int column) => _cellBasis[(row * Kx.Count) + column];

    /// <summary>The unshifted row-major bin of basis <paramref name="basis"/> (the first cell of the window that uses it).</summary>
    public int BinOf(int basis) => _basisBins[basis];

    /// <summary>
    /// The transform id of basis <paramref name="basis"/> that seeds the per-image signs: its canonical bin, the same
    /// for (ky, kx) and (-ky, -kx), whatever the window, the block size or <see cref="Mirror"/>.
    /// </summary>
    public string TransformId(int basis) => CanonicalBin(_basisBins[basis]).ToString(CultureInfo.InvariantCulture);

    /// <summary>Unshifted row-major bin of signed frequency (ky, kx).</summary>
    public int Bin(int ky, int kx) => (Wrap(ky, Height) * Width) + Wrap(kx, Width);

    /// <summary>The bin of (-ky, -kx).</summary>
    public int MirrorBin(int bin)
    {
        var (u, v) = (bin / Width, bin % Width);
        return ((Height - u) % Height * Width) + ((Width - v) % Width);
    }

    /// <summary>The smaller of a bin and its mirror.</summary>
    public int CanonicalBin(int bin) => Math.Min(bin, MirrorBin(bin));

    /// <summary>Frequency as a fraction of Nyquist: 2 k / N (so k = N / 2 is 1).</summary>
    public static double Fraction(int k, int n) => 2.0 * k / n;

    /// <summary>
    /// Writes the unit-L2 basis image of bin <paramref name="bin"/> (H * W) into <paramref name="plane"/>:
    /// with <see cref="Mirror"/> the real inverse DFT of the one-hot at the bin plus the one-hot at its mirror,
    /// otherwise of the one-hot at the bin alone (the real part of a complex exponential: the same cosine up to
    /// scale, so the same image after normalization, up to rounding).
    /// </summary>
    public void BasisImage(int bin, Fft2D fft, Span<float> plane, Complex[]? spectrum = null)
    {
        ArgumentNullException.ThrowIfNull(fft);
        var length = Height * Width;
        if (fft.Height != Height || fft.Width != Width || plane.Length != length)
        {
            throw new ArgumentException($"Expected a {Height} x {Width} FFT and plane.", nameof(plane));
        }

        spectrum ??= new Complex[length];
        Array.Clear(spectrum);
        spectrum[bin] = Complex.One;
        if (Mirror)
        {
            spectrum[MirrorBin(bin)] = Complex.One;
        }

        fft.Inverse(spectrum, plane);
        double sum = 0;
        foreach (var value in plane)
        {
            sum += (double)value * value;
        }

        var scale = 1.0 / Math.Sqrt(sum);
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = (float)(plane[i] * scale);
        }
    }

    private static int Wrap(int k, int n) => ((k % n) + n) % n;

    private static int[] Side(int n, int window)
    {
        if (window >= n)
        {
            return [.. Enumerable.Range(-(n / 2), n)];
        }

        return [.. Enumerable.Range(-(window / 2), window)];
    }
}
