namespace CloudFreq.Core.Analyses;

/// <summary>
/// What one work item of the min-perturbation analysis found: the minimal budget of every image
/// the attack fooled (sorted, so merges are order-free), how many images were attacked, and the
/// power-spectrum sums of the successful perturbations (DC excluded, per channel plane).
/// </summary>
/// <param name="Images">Images of the item (correct or not).</param>
/// <param name="Attacked">Images the attack ran on: those classified correctly.</param>
/// <param name="Epsilons">Minimal budgets of the successful images, ascending.</param>
/// <param name="Height">Spectrum height.</param>
/// <param name="Width">Spectrum width.</param>
/// <param name="PowerSum">Sum of |FFT2(delta)|^2 per bin (unshifted, H x W).</param>
/// <param name="Planes">Channel planes summed into <paramref name="PowerSum"/>.</param>
public sealed record MinPerturbationPartial(
    long Images,
    long Attacked,
    IReadOnlyList<double> Epsilons,
    int Height,
    int Width,
    IReadOnlyList<double> PowerSum,
    long Planes) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other)
    {
        var that = (MinPerturbationPartial)other;
        if (that.Height != Height || that.Width != Width)
        {
            throw new InvalidOperationException($"cannot merge {Height}x{Width} and {that.Height}x{that.Width} spectra.");
        }

        return new MinPerturbationPartial(
            Images + that.Images,
            Attacked + that.Attacked,
            [.. Epsilons.Concat(that.Epsilons).Order()],
            Height,
            Width,
            [.. PowerSum.Zip(that.PowerSum, (a, b) => a + b)],
            Planes + that.Planes);
    }
}
