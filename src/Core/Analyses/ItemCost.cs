using CloudFreq.Core.Costs;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The model passes and the per-image transforms of one work item (DESIGN.md section 4, "Cost"), counted
/// from the analysis's parameters the way its <see cref="IAnalysis.Execute"/> spends them, every image readable.
/// </summary>
/// <param name="Images">Images of the item (hybrid items: pairs).</param>
/// <param name="Passes">
/// Forward and backward passes with every attack slot attacked for its whole schedule: exact for
/// analyses that attack nothing, an upper bound for those that do.
/// </param>
/// <param name="PerAttack">
/// What one attack slot adds (every attack at every budget on one image and one model): only images
/// the model classifies correctly are attacked, and an attack drops an image once it is fooled.
/// </param>
/// <param name="AttackSlots">Attacked (image, model) slots counted in <paramref name="Passes"/>: images x models (blur-defense: the plain model and one per sigma).</param>
public sealed record ItemCost(int Images, PassCount Passes, PassCount PerAttack = default, long AttackSlots = 0)
{
    /// <summary>True when the item attacks: <see cref="Passes"/> is then an upper bound.</summary>
    public bool IsUpperBound => AttackSlots > 0 && !PerAttack.IsZero;

    /// <summary>The transforms besides model passes (decoding, filters, corruptions), one image each; a dry run times each family once.</summary>
    public IReadOnlyList<TransformCount> Transforms { get; init; } = [];

    /// <summary>This cost with <paramref name="transforms"/> added; counts of zero are left out.</summary>
    public ItemCost WithTransforms(params IEnumerable<TransformCount> transforms) =>
        this with { Transforms = [.. Transforms, .. transforms.Where(t => t.Count > 0)] };

    /// <summary>Decoding <paramref name="images"/> images: what every analysis pays to read its item.</summary>
    public static TransformCount Decode(long images) => new(ImageDecodeTransform.Instance, images);

    /// <summary>An item that only scores: <paramref name="forwardPerImage"/> forward passes per image.</summary>
    public static ItemCost Scoring(int images, long forwardPerImage) => new(images, PassCount.Forwards(images * forwardPerImage));
}
