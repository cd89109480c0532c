namespace CloudFreq.Core.Costs;

/// <summary>
/// One kind of per-image work an analysis does besides model passes (decoding, FFT filtering, hybrid
/// composition, a corruption): what <c>--dry-run</c> times once per machine and image size and multiplies
/// by the count each analysis declares in its <see cref="Analyses.ItemCost"/>.
/// </summary>
/// <remarks>
/// A new analysis joins the estimate by naming its family in <see cref="Analyses.IAnalysis.Cost"/>
/// (<c>.WithTransforms(new TransformCount(family, n))</c>); a family that is one function of an image can be
/// made with <see cref="PerImageTransformFamily"/>.
/// </remarks>
public interface ITransformFamily
{
    /// <summary>Shown in the plan and used as the calibration key with the image size: the same name must mean the same work.</summary>
    string Name { get; }

    /// <summary>True when the cost depends on the dataset's files (decoding), not only on the image size: calibrated per dataset.</summary>
    bool ReadsDataset => false;

    /// <summary>Makes the timed work: one call of <see cref="ITransformProbe.Run"/> transforms a batch as the analysis would.</summary>
    ITransformProbe CreateProbe(TransformProbeContext context);
}
