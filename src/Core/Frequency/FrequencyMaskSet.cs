namespace CloudFreq.Core.Frequency;

/// <summary>
/// The distinct low-pass masks of one shape over a list of cutoffs: each distinct mask is computed once,
/// and every cutoff maps to the mask it gives (at 32 px every ideal cutoff below about 0.07 gives the
/// DC-only mask). Results are reported under every cutoff that maps to a mask.
/// Immutable after construction, so one instance may be shared by any number of threads.
/// </summary>
public sealed class FrequencyMaskSet
{
    private readonly double[] _cutoffs;
    private readonly FrequencyMask[] _masks;
    private readonly int[] _maskIndexOfCutoff;
    private readonly int[][] _cutoffIndicesOfMask;

    public FrequencyMaskSet(FrequencyGrid grid, FilterShape shape, IReadOnlyList<double> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(cutoffs);
        Grid = grid;
        Shape = shape;
        _cutoffs = [.. cutoffs];
        _maskIndexOfCutoff = new int[_cutoffs.Length];
        var masks = new List<FrequencyMask>();
        var indexOfKey = new Dictionary<FrequencyMaskKey, int>();
        for (var i = 0; i < _cutoffs.Length; i++)
        {
            var key = FrequencyMask.KeyFor(grid, shape, _cutoffs[i]);
            if (!indexOfKey.TryGetValue(key, out var maskIndex))
            {
                maskIndex = masks.Count;
                masks.Add(FrequencyMask.LowPass(grid, shape, _cutoffs[i]));
                indexOfKey.Add(key, maskIndex);
            }

            _maskIndexOfCutoff[i] = maskIndex;
        }

        _masks = [.. masks];
        _cutoffIndicesOfMask = new int[_masks.Length][];
        for (var m = 0; m < _masks.Length; m++)
        {
            var indices = new List<int>();
            for (var i = 0; i < _maskIndexOfCutoff.Length; i++)
            {
                if (_maskIndexOfCutoff[i] == m)
                {
                    indices.Add(i);
                }
            }

            _cutoffIndicesOfMask[m] = [.. indices];
        }
    }

    public FrequencyGrid Grid { get; }

    public FilterShape Shape { get; }

    /// <summary>The cutoffs in the order given.</summary>
    public IReadOnlyList<double> Cutoffs => _cutoffs;

    /// <summary>The distinct masks, in the order their first cutoff appears.</summary>
    public IReadOnlyList<FrequencyMask> DistinctMasks => _masks;

    /// <summary>For every cutoff (same order as <see cref="Cutoffs"/>), the index of its mask in <see cref="DistinctMasks"/>.</summary>
    public ReadOnlySpan<int> MaskIndexOfCutoff => _maskIndexOfCutoff;

    /// <summary>The mask cutoff number <paramref name="cutoffIndex"/> gives.</summary>
    public FrequencyMask MaskFor(int cutoffIndex) => _masks[_maskIndexOfCutoff[cutoffIndex]];

    /// <summary>The indices (into <see cref="Cutoffs"/>) of every cutoff that gives distinct mask <paramref name="maskIndex"/>.</summary>
    public ReadOnlySpan<int> CutoffIndicesOf(int maskIndex) => _cutoffIndicesOfMask[maskIndex];
}
