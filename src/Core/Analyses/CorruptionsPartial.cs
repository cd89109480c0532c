namespace CloudFreq.Core.Analyses;

/// <summary>
/// The corruption counts of one work item: clean [images, correct] under the empty condition and
/// [images, correct] per <c>corruption=..;severity=..</c>.
/// </summary>
/// <param name="Preset">The preset the item used (chosen from the image size unless given); mCE needs ImageNet-C's.</param>
public sealed record CorruptionsPartial(ConditionCounts Counts, CloudFreq.Core.Corruptions.CorruptionPreset Preset) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other)
    {
        var that = (CorruptionsPartial)other;
        if (that.Preset != Preset)
        {
            throw new InvalidOperationException($"cannot merge corruption counts of presets {Preset} and {that.Preset}.");
        }

        return new CorruptionsPartial(Counts.MergedWith(that.Counts), Preset);
    }
}
