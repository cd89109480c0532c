using System.Globalization;
using CloudFreq.Core.Corruptions;

namespace CloudFreq.Core.Costs;

/// <summary>
/// One corruption at the severities an analysis uses (its cost changes with severity: more blur
/// iterations, more zoom steps), quantized and JPEG-encoded as the analysis does. The probe cycles
/// through the severities, so its rate is the mean over them.
/// </summary>
/// <param name="preset">A fixed preset, or null to choose from the image size as the analyses do.</param>
/// <param name="jpeg">JPEG-encode images of the ImageNet-C preset (the analyses' default).</param>
public sealed class CorruptionTransform(ICorruption corruption, IReadOnlyList<int> severities, CorruptionPreset? preset, bool quantize, bool jpeg) : ITransformFamily
{
    private static readonly int[] AllSeverities = [1, 2, 3, 4, 5];

    // The severities belong to the name: the same corruption at other severities costs differently.
    public string Name { get; } = severities.SequenceEqual(AllSeverities)
        ? corruption.Name
        : $"{corruption.Name} (severity {string.Join(',', severities.Select(s => s.ToString(CultureInfo.InvariantCulture)))})";

    public ITransformProbe CreateProbe(TransformProbeContext context)
    {
        var shape = context.Shape;
        var resolved = preset ?? CorruptionCatalog.PresetFor(shape.Height, shape.Width);
        int? quality = jpeg && resolved == CorruptionPreset.ImageNetC ? CorruptionApplier.ImageNetCJpegQuality : null;
        var family = new PerImageTransformFamily(Name, s =>
        {
            var applier = new CorruptionApplier(s);
            return (image, index, destination) =>
                applier.Apply(corruption, image, severities[index % severities.Count], resolved, new Random(index), quantize, quality, destination);
        });
        return family.CreateProbe(context);
    }
}
