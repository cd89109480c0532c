namespace CloudFreq.Core.Analyses;

/// <summary>
/// The Fourier heat map counts of one work item: per evaluated basis image, keyed by its unshifted row-major bin
/// in the H x W spectrum, [images, correct]; and the clean [images, correct] (counted by the items of the first
/// block only, so that merging the blocks counts each image once).
/// </summary>
/// <param name="V">The L2 norm of the perturbation per channel the item used.</param>
public sealed record FourierHeatmapPartial(int Height, int Width, double V, long[] Clean, SortedDictionary<int, long[]> Bins) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other)
    {
        var that = (FourierHeatmapPartial)other;
        if (that.Height != Height || that.Width != Width || !that.V.Equals(V))
        {
            throw new InvalidOperationException(
                $"Fourier heat map partials of {Height} x {Width} (v {V}) and {that.Height} x {that.Width} (v {that.V}) do not merge.");
        }

        var bins = new SortedDictionary<int, long[]>();
        foreach (var source in new[] { Bins, that.Bins })
        {
            foreach (var (bin, counts) in source)
            {
                if (!bins.TryGetValue(bin, out var sum))
                {
                    sum = new long[counts.Length];
                    bins[bin] = sum;
                }

                for (var i = 0; i < counts.Length; i++)
                {
                    sum[i] += counts[i];
                }
            }
        }

        return new FourierHeatmapPartial(Height, Width, V, [Clean[0] + that.Clean[0], Clean[1] + that.Clean[1]], bins);
    }
}
