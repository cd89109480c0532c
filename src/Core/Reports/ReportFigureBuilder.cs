using System.Globalization;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Builds the figures of report.html from a report's rows (the results contract, DESIGN.md section 5):
/// for each dataset, frequency-sweep accuracy curves per (filter, shape), hybrid-image curves of
/// p_low - p_high against alpha, a bar chart of mean f_rev per model coloured by group, and for common
/// corruptions a bar chart of accuracy by frequency group and a corruption x severity heat map per model; for additive
/// noise, per family accuracy against the noise level (one line per model, level_half marked); for
/// adversarial attacks, per norm robust accuracy against the budget (one line per model, from clean accuracy at
/// budget 0) and a heat map of robust accuracy per attack and budget; for minimal adversarial perturbations,
/// per attack setting the radial cumulative power curves with each model's f0.5, the success rate against the
/// budget and per model the log power spectrum; and for the blur defense, per model accuracy against the blur's
/// sigma on clean images, under each attack and budget and under corruptions; for the Fourier heat map, per model the error rate per frequency as a heat map. Only analyses that have rows get
/// figures, and a missing or undefined value is shown as such, never drawn as zero. Image galleries come from the analyses themselves through
/// <see cref="Gallery"/>. All text is drawn with a bundled font, never a system one.
/// </summary>
public sealed class ReportFigureBuilder
{
    /// <summary>The analysis name of frequency-sweep rows (also the figures' section).</summary>
    public const string FrequencySweepAnalysis = FrequencySweepFigures.Analysis;

    /// <summary>The analysis name of hybrid-image rows (also the figures' section).</summary>
    public const string HybridAnalysis = HybridFigures.Analysis;

    /// <summary>The analysis name of common-corruption rows (also the figures' section).</summary>
    public const string CorruptionsAnalysis = CorruptionFigures.Analysis;

    /// <summary>The analysis name of adversarial-attack rows (also the figures' section).</summary>
    public const string AttackAnalysis = AttackFigures.Analysis;

    /// <summary>The analysis name of minimal-perturbation rows (also the figures' section).</summary>
    public const string MinPerturbationAnalysis = MinPerturbationFigures.Analysis;

    /// <summary>The analysis name of blur-defense rows (also the figures' section).</summary>
    public const string BlurDefenseAnalysis = BlurDefenseFigures.Analysis;

    /// <summary>The analysis name of Fourier heat map rows (also the figures' section); figure ids are <c>fourier-heatmap-DATASET-MODEL</c>.</summary>
    public const string FourierHeatmapAnalysis = FourierHeatmapFigures.Analysis;

    /// <summary>The analysis name of additive-noise rows (also the figures' section).</summary>
    public const string NoiseAnalysis = NoiseSweepFigures.Analysis;

    private readonly ReportFigureOptions _options;
    private readonly FrequencySweepFigures _sweeps;
    private readonly HybridFigures _hybrids;
    private readonly CorruptionFigures _corruptions;
    private readonly AttackFigures _attacks;
    private readonly MinPerturbationFigures _minPerturbations;
    private readonly BlurDefenseFigures _blurDefenses;
    private readonly FourierHeatmapFigures _fourierHeatmaps;
    private readonly NoiseSweepFigures _noiseSweeps;
    private readonly GalleryRenderer _galleries;

    public ReportFigureBuilder()
        : this(new ReportFigureOptions())
    {
    }

    public ReportFigureBuilder(ReportFigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 100, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 100, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinThumbnailPixels, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GalleryColumns, 1, nameof(options));
        _options = options;
        _sweeps = new FrequencySweepFigures(options);
        _hybrids = new HybridFigures(options);
        _corruptions = new CorruptionFigures(options);
        _attacks = new AttackFigures(options);
        _minPerturbations = new MinPerturbationFigures(options);
        _blurDefenses = new BlurDefenseFigures(options);
        _fourierHeatmaps = new FourierHeatmapFigures(options);
        _noiseSweeps = new NoiseSweepFigures(options);
        _galleries = new GalleryRenderer(options);
    }

    /// <summary>The options the figures are drawn with.</summary>
    public ReportFigureOptions Options => _options;

    /// <summary>The figures of every analysis with rows in <paramref name="report"/>, per dataset in report order.</summary>
    public IReadOnlyList<ReportFigure> Build(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var index = new ReportIndex(report);
        return
        [
            .. _sweeps.Build(report, index),
            .. _hybrids.Build(report, index),
            .. _corruptions.Build(report, index),
            .. _noiseSweeps.Build(report, index),
            .. _attacks.Build(report, index),
            .. _minPerturbations.Build(report, index),
            .. _blurDefenses.Build(report, index),
            .. _fourierHeatmaps.Build(report, index),
        ];
    }

    /// <summary>
    /// The report with its figures replaced by <see cref="Build"/>'s, followed by <paramref name="extraFigures"/>
    /// (galleries the analyses made), ready for <see cref="ReportHtmlWriter"/>.
    /// </summary>
    public RunReport WithFigures(RunReport report, IEnumerable<ReportFigure>? extraFigures = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with { Figures = [.. Build(report), .. extraFigures ?? []] };
    }

    /// <summary>
    /// A gallery of labelled thumbnails in one PNG, for example filtered or hybrid example images.
    /// Images are CHW floats in [0, 1] (values outside are clipped) with 1 or 3 channels; small images are
    /// upscaled by a whole factor (nearest neighbour) to at least <see cref="ReportFigureOptions.MinThumbnailPixels"/>.
    /// </summary>
    /// <param name="id">Unique figure id (letters, digits, dashes).</param>
    /// <param name="section">The analysis the gallery belongs to, for example <see cref="HybridAnalysis"/>.</param>
    /// <param name="title">Heading of the figure.</param>
    /// <param name="images">At least one image.</param>
    /// <param name="caption">Text under the figure; by default one naming the images.</param>
    /// <param name="altText">What the images show; by default their count and labels.</param>
    /// <param name="columns">
    /// Thumbnails per row; by default rows as full as <see cref="ReportFigureOptions.GalleryColumns"/> allows, balanced
    /// so the last row is not nearly empty (20 images at 6 columns: 4 rows of 5).
    /// </param>
    public ReportFigure Gallery(
        string id,
        string section,
        string title,
        IReadOnlyList<(string Label, float[] ChwImage, int Channels, int Height, int Width)> images,
        string? caption = null,
        string? altText = null,
        int? columns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("A gallery needs at least one image.", nameof(images));
        }

        if (columns is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1, nameof(columns));
        }

        var checkedImages = new List<GalleryImage>(images.Count);
        foreach (var (label, chw, channels, height, width) in images)
        {
            ArgumentNullException.ThrowIfNull(chw, nameof(images));
            if (channels is not (1 or 3) || height < 1 || width < 1)
            {
                throw new ArgumentException($"Gallery image '{label}': need 1 or 3 channels and a positive size, got {channels}x{height}x{width}.", nameof(images));
            }

            if (chw.Length != (long)channels * height * width)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Gallery image '{label}': {chw.Length} values for {channels}x{height}x{width}."),
                    nameof(images));
            }

            checkedImages.Add(new GalleryImage(label ?? string.Empty, chw, channels, height, width));
        }

        var (png, pixelWidth, pixelHeight) = _galleries.Render(checkedImages, columns);
        var labels = string.Join(", ", checkedImages.Select(image => image.Label));
        var count = FigureText.Count(checkedImages.Count);
        return new ReportFigure(
            id,
            section,
            title,
            altText ?? $"{count} example {(checkedImages.Count == 1 ? "image" : "images")}: {labels}.",
            png,
            pixelWidth,
            pixelHeight,
            caption ?? $"Example images, left to right: {labels}.");
    }
}
