using System.Globalization;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Reports.Fonts;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ReportFigureBuilderTests
{
    private readonly ReportFigureBuilder _builder = new();

    [Fact]
    public void Build_OnlyCleanRows_BuildsNoFigures()
    {
        var figures = _builder.Build(ReportSamples.Report());

        Assert.Empty(figures);
    }

    [Fact]
    public void Build_OnlySweepRows_BuildsOneSweepFigurePerFilterAndShapeAndNoHybridFigure()
    {
        var figures = _builder.Build(FigureSamples.Report(FigureSamples.SweepRows()));

        Assert.Equal(
            ["frequency-sweep-cifar10-lowpass-ideal", "frequency-sweep-cifar10-highpass-gaussian"],
            figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.FrequencySweepAnalysis, figure.Section));
    }

    [Fact]
    public void Build_OnlyHybridRows_BuildsCurveAndFRevFigures()
    {
        var figures = _builder.Build(FigureSamples.Report(FigureSamples.HybridRows()));

        Assert.Equal(["hybrid-cifar10-curves", "hybrid-cifar10-f-rev"], figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.HybridAnalysis, figure.Section));
    }

    [Fact]
    public void Build_TwoDatasets_BuildsOneSetPerDataset()
    {
        var rows = FigureSamples.SweepRows();
        rows.AddRange(FigureSamples.SweepRows().Select(row => row with { Dataset = "svhn" }));

        var ids = _builder.Build(FigureSamples.Report(rows)).Select(figure => figure.Id).ToList();

        Assert.Contains("frequency-sweep-cifar10-lowpass-ideal", ids);
        Assert.Contains("frequency-sweep-svhn-lowpass-ideal", ids);
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Build_SweepRows_TableHoldsTheExactAccuracyOfEveryInputRow()
    {
        var rows = FigureSamples.SweepRows();
        var figure = Figure(_builder.Build(FigureSamples.Report(rows)), "frequency-sweep-cifar10-lowpass-ideal");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Model", "cutoff 0.05", "cutoff 0.1", "cutoff 0.25", "cutoff 0.5", "cutoff 1", "cutoff_half"], table.Columns);
        Assert.Equal(["resnet", "robust"], table.Rows.Select(row => row[0]));
        var accuracyRows = rows.Where(row => row.Metric == "accuracy" && row.Condition.StartsWith("filter=lowpass;shape=ideal;", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, accuracyRows.Count);
        foreach (var row in accuracyRows)
        {
            var cutoff = row.Condition["filter=lowpass;shape=ideal;cutoff=".Length..];
            var cell = table.Rows.Single(cells => cells[0] == row.Model)[table.Columns.ToList().IndexOf("cutoff " + cutoff)];
            Assert.Equal(row.Value!.Value.ToString("R", CultureInfo.InvariantCulture), cell);
        }

        Assert.Equal("0.2", table.Rows[0][^1]);
        Assert.Equal(ReportFigureTable.None, table.Rows[1][^1]);
    }

    [Fact]
    public void Build_SweepAndHybridRows_AltTextNamesEveryModelAndKeyNumbers()
    {
        var figures = _builder.Build(FigureSamples.Report([.. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()]));

        var sweep = Figure(figures, "frequency-sweep-cifar10-lowpass-ideal").AltText;
        Assert.Contains("resnet", sweep, StringComparison.Ordinal);
        Assert.Contains("robust", sweep, StringComparison.Ordinal);
        Assert.Contains("cutoff_half 0.2", sweep, StringComparison.Ordinal);
        Assert.Contains("Chance level 0.1", sweep, StringComparison.Ordinal);
        var curves = Figure(figures, "hybrid-cifar10-curves").AltText;
        Assert.Contains("resnet", curves, StringComparison.Ordinal);
        Assert.Contains("robust", curves, StringComparison.Ordinal);
        Assert.Contains("f_rev 0.125", curves, StringComparison.Ordinal);
        var bars = Figure(figures, "hybrid-cifar10-f-rev").AltText;
        Assert.Contains("resnet (base): 0.125 \u00b1 0.0125", bars, StringComparison.Ordinal);
        Assert.Contains("robust (no group): none", bars, StringComparison.Ordinal);
        Assert.Contains("blurry (blur): 0.3", bars, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HybridRows_FRevTableShowsNoneForANullFRev()
    {
        var figure = Figure(_builder.Build(FigureSamples.Report(FigureSamples.HybridRows())), "hybrid-cifar10-f-rev");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Model", "Group", "Mean f_rev", "f_rev std", "n"], table.Columns);
        Assert.Equal(["resnet", "base", "0.125", "0.0125", "800"], table.Rows[0]);
        Assert.Equal(["robust", "no group", "none", "none", "800"], table.Rows[1]);
        Assert.Equal(["blurry", "blur", "0.3", "0.05", "800"], table.Rows[2]);
    }

    [Fact]
    public void Build_HybridRows_CurveTableHoldsSeedMeanDifferencesNotPerSeedRows()
    {
        var figure = Figure(_builder.Build(FigureSamples.Report(FigureSamples.HybridRows())), "hybrid-cifar10-curves");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal("alpha 0.33", table.Columns[5]);
        Assert.Equal(["resnet", "robust"], table.Rows.Select(row => row[0]));

        // resnet's seed mean at alpha 0: p_low 0.05, p_high 0.85 (its seed-2 rows, 0.99 and 0.01, are not plotted).
        Assert.Equal("-0.8", table.Rows[0][1]);
        Assert.Equal("0.125", table.Rows[0][^1]);
        Assert.Equal(ReportFigureTable.None, table.Rows[1][^1]);
    }

    [Fact]
    public void Build_Plot_IsAValidPngOfTheRequestedSize()
    {
        var builder = new ReportFigureBuilder(new ReportFigureOptions { Width = 640, Height = 360 });

        foreach (var figure in builder.Build(FigureSamples.Report([.. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()])))
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], figure.Png.Take(4));
            using var bitmap = SKBitmap.Decode(figure.Png);
            Assert.NotNull(bitmap);
            Assert.Equal((640, 360), (bitmap.Width, bitmap.Height));
            Assert.Equal((640, 360), (figure.Width, figure.Height));
        }
    }

    [Fact]
    public void Build_Plot_TitleStripHasTextPixels()
    {
        var figure = _builder.Build(FigureSamples.Report(FigureSamples.SweepRows()))[0];
        using var bitmap = SKBitmap.Decode(figure.Png);

        // The top 40 px hold only the title: without a usable font they would be one uniform colour.
        var background = bitmap.GetPixel(0, 0);
        var dark = 0;
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Red < 128 && pixel.Green < 128 && pixel.Blue < 128)
                {
                    dark++;
                }
            }
        }

        Assert.Equal(SKColors.White, background);
        Assert.True(dark > 150, $"Only {dark} dark pixels in the title strip: is the title text drawn?");
    }

    [Fact]
    public void ReportFont_IsTheBundledSubsetAndScottPlotResolvesItsName()
    {
        ReportFont.EnsureRegisteredWithScottPlot();

        Assert.Equal("DejaVu Sans", ReportFont.Typeface.FamilyName);

        // The subset has about 500 glyphs; a system DejaVu Sans has thousands, so this is not a system font.
        Assert.InRange(ReportFont.Typeface.GlyphCount, 100, 1000);
        Assert.Same(ReportFont.Typeface, ScottPlot.Fonts.GetTypeface(ReportFont.Name, bold: false, italic: false));
        Assert.Same(ReportFont.Typeface, ScottPlot.Fonts.GetTypeface(ReportFont.Name, bold: true, italic: false));
    }

    [Fact]
    public void Build_FRevBars_AreFilledWithTheirGroupColours()
    {
        var figure = Figure(_builder.Build(FigureSamples.Report(FigureSamples.HybridRows())), "hybrid-cifar10-f-rev");
        using var bitmap = SKBitmap.Decode(figure.Png);

        // resnet is "base" (Okabe-Ito blue), blurry is "blur" (orange); robust has no bar, so no grey fill beyond the legend swatch.
        Assert.True(CountPixels(bitmap, new SKColor(0x00, 0x72, 0xB2)) > 1000);
        Assert.True(CountPixels(bitmap, new SKColor(0xE6, 0x9F, 0x00)) > 1000);
        Assert.True(CountPixels(bitmap, new SKColor(0x99, 0x99, 0x99)) < 500);
    }

    [Fact]
    public void Build_FRevBarsWithLongModelNames_TickLabelsAreDrawnAndNotClippedAtTheBottom()
    {
        var names = new Dictionary<string, string>
        {
            ["resnet"] = "wide_resnet_50_2_standard_trained",
            ["blurry"] = "blurry-gaussian-sigma-1.2-finetuned",
        };
        var report = FigureSamples.Report(FigureSamples.HybridRows().Select(row => row with { Model = names.GetValueOrDefault(row.Model, row.Model) }));
        report = report with { Models = [.. report.Models.Select(model => model with { Name = names.GetValueOrDefault(model.Name, model.Name) })] };

        var figure = Figure(_builder.Build(report), "hybrid-cifar10-f-rev");
        using var bitmap = SKBitmap.Decode(figure.Png);

        // Labels cut by the figure's edge leave dark pixels in its last rows; labels given room leave them white.
        var edge = DarkPixels(bitmap, 0, bitmap.Width, bitmap.Height - 4, bitmap.Height);
        Assert.True(edge == 0, $"{edge} dark pixels in the bottom 4 rows: tick labels run off the figure.");

        // The labels are still there: the strip under the data area (left of the legend) holds their text.
        var dataBottom = LowestFrameRow(bitmap);
        var labels = DarkPixels(bitmap, 0, bitmap.Width * 3 / 4, dataBottom + 3, bitmap.Height);
        Assert.True(labels > 200, $"Only {labels} dark pixels under the data area: are the tick labels drawn?");
    }

    [Fact]
    public void GroupColors_StudyGroupsUnknownGroupsAndNoGroup_AreAllDistinct()
    {
        var colors = FigurePalette.GroupColors(["base", "adv", "crp", "blur", "noise", null, "other1", "other2", "other3", "other4", "adv"]);

        Assert.Equal(10, colors.Count);
        Assert.Equal(colors.Count, colors.Values.Distinct().Count());
        Assert.Equal(FigurePalette.Blue, colors["base"]);
        Assert.Equal(FigurePalette.NoGroup, colors[FigurePalette.NoGroupLabel]);
    }

    [Fact]
    public void GroupColors_SameGroupInAnotherOrder_KeepsItsColour()
    {
        var first = FigurePalette.GroupColors(["adv", "base"]);
        var second = FigurePalette.GroupColors(["base", "noise", "adv"]);

        Assert.Equal(first["adv"], second["adv"]);
        Assert.Equal(first["base"], second["base"]);
    }

    [Fact]
    public void Gallery_ThreeSmallImages_HasExpectedSizeAndColoursAtThumbnailCentres()
    {
        var red = Solid(3, 32, 32, 1f, 0f, 0f);
        var green = Solid(3, 32, 32, 0f, 1f, 0f);
        var grey = Solid(1, 32, 32, 0.5f);

        var figure = _builder.Gallery("hybrid-examples", "hybrid", "Examples", [("red", red, 3, 32, 32), ("green", green, 3, 32, 32), ("grey", grey, 1, 32, 32)]);

        // 32 px upscaled by 3 to 96 px (at least 96 by default), three in a row.
        const int thumb = 96;
        var width = (3 * thumb) + (4 * GalleryRenderer.Padding);
        var height = thumb + GalleryRenderer.LabelHeight + (2 * GalleryRenderer.Padding);
        using var bitmap = SKBitmap.Decode(figure.Png);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.Equal((width, height), (figure.Width, figure.Height));
        SKColor[] expected = [new(255, 0, 0), new(0, 255, 0), new(128, 128, 128)];
        for (var i = 0; i < 3; i++)
        {
            var centreX = GalleryRenderer.Padding + (i * (thumb + GalleryRenderer.Padding)) + (thumb / 2);
            var centreY = GalleryRenderer.Padding + (thumb / 2);
            Assert.Equal(expected[i], bitmap.GetPixel(centreX, centreY));
        }

        Assert.Equal("3 example images: red, green, grey.", figure.AltText);
        Assert.Null(figure.Table);
    }

    [Fact]
    public void Gallery_NearestNeighbour_KeepsSourcePixelsAsBlocks()
    {
        // A 2x2 checkerboard becomes four flat 48x48 blocks (96 / 2).
        float[] checker = [1, 0, 0, 1];

        var figure = _builder.Gallery("checker", "frequency-sweep", "Checker", [("checker", checker, 1, 2, 2)]);

        using var bitmap = SKBitmap.Decode(figure.Png);
        var origin = GalleryRenderer.Padding;
        Assert.Equal(SKColors.White, bitmap.GetPixel(origin, origin));
        Assert.Equal(SKColors.White, bitmap.GetPixel(origin + 47, origin + 47));
        Assert.Equal(SKColors.Black, bitmap.GetPixel(origin + 48, origin));
        Assert.Equal(SKColors.Black, bitmap.GetPixel(origin + 95, origin + 47));
        Assert.Equal(SKColors.Black, bitmap.GetPixel(origin, origin + 48));
    }

    [Fact]
    public void Gallery_CleanAndNineteenCorruptions_FiveColumnsOfFourRowsWithLabelsUncut()
    {
        string[] labels = ["clean", .. FigureSamples.BenchmarkCorruptions, .. FigureSamples.ExtraCorruptions];
        var tiles = labels.Select(label => (label, Solid(3, 32, 32, 0.2f, 0.4f, 0.6f), 3, 32, 32)).ToList();

        var figure = _builder.Gallery("corruptions-examples", "corruptions", "Corruptions at severity 3", tiles);

        // 20 tiles at up to 6 per row: 4 rows of 5, not 3 rows of 6 and one of 2.
        using var bitmap = SKBitmap.Decode(figure.Png);
        var height = (4 * (96 + GalleryRenderer.LabelHeight)) + (5 * GalleryRenderer.Padding);
        Assert.Equal(height, bitmap.Height);
        var cellWidth = (bitmap.Width - (6 * GalleryRenderer.Padding)) / 5.0;
        Assert.Equal(bitmap.Width, (5 * (int)cellWidth) + (6 * GalleryRenderer.Padding));

        // Cells widen so the longest label fits whole (no ellipsis), while thumbnails keep their 96 px.
        using var font = new SKFont(ReportFont.Typeface, GalleryRenderer.LabelSize);
        var widest = labels.Max(label => font.MeasureText(label));
        Assert.True(widest > 96, "the test needs a label wider than a thumbnail");
        Assert.True(cellWidth >= widest, $"cells {cellWidth} px, widest label {widest} px");
        Assert.Equal("jpeg_compression", FigureText.Fit("jpeg_compression", font, (float)cellWidth));
        Assert.Equal((bitmap.Width, bitmap.Height), (figure.Width, figure.Height));
    }

    [Fact]
    public void Gallery_ExplicitColumns_AreUsedAndMustBePositive()
    {
        var tiles = Enumerable.Range(0, 20).Select(i => ($"t{i}", Solid(1, 32, 32, 0.5f), 1, 32, 32)).ToList();

        var figure = _builder.Gallery("g", "corruptions", "G", tiles, columns: 10);

        Assert.Equal((10 * 96) + (11 * GalleryRenderer.Padding), figure.Width);
        Assert.Equal((2 * (96 + GalleryRenderer.LabelHeight)) + (3 * GalleryRenderer.Padding), figure.Height);
        Assert.Throws<ArgumentOutOfRangeException>(() => _builder.Gallery("g", "corruptions", "G", tiles, columns: 0));
    }

    [Theory]
    [InlineData(1, 6, 1)]
    [InlineData(3, 6, 3)]
    [InlineData(6, 6, 6)]
    [InlineData(7, 6, 4)]
    [InlineData(13, 6, 5)]
    [InlineData(20, 6, 5)]
    [InlineData(20, 5, 5)]
    [InlineData(20, 4, 4)]
    public void GalleryColumns_FewestRowsEvenlyFilled(int count, int maxColumns, int expected)
    {
        Assert.Equal(expected, GalleryRenderer.Columns(count, maxColumns));
    }

    [Fact]
    public void Gallery_WrongLengthOrChannels_Throws()
    {
        Assert.Throws<ArgumentException>(() => _builder.Gallery("g", "hybrid", "G", [("short", new float[10], 3, 32, 32)]));
        Assert.Throws<ArgumentException>(() => _builder.Gallery("g", "hybrid", "G", [("two", new float[2 * 4 * 4], 2, 4, 4)]));
        Assert.Throws<ArgumentException>(() => _builder.Gallery("g", "hybrid", "G", []));
    }

    [Fact]
    public void WithFigures_AppendsGalleriesAfterBuiltFiguresAndReplacesOldOnes()
    {
        var gallery = _builder.Gallery("examples", "hybrid", "Examples", [("grey", Solid(1, 4, 4, 0.5f), 1, 4, 4)]);
        var report = FigureSamples.Report(FigureSamples.HybridRows()) with { Figures = [gallery, gallery] };

        var withFigures = _builder.WithFigures(report, [gallery]);

        Assert.Equal(["hybrid-cifar10-curves", "hybrid-cifar10-f-rev", "examples"], withFigures.Figures.Select(figure => figure.Id));
    }

    [Fact]
    public void Figures_AreNotWrittenToReportJson()
    {
        var report = _builder.WithFigures(FigureSamples.Report(FigureSamples.SweepRows()));
        Assert.NotEmpty(report.Figures);

        var json = new ReportJsonWriter().WriteToString(report);
        var readBack = new ReportJsonReader().ReadFromString(json, "report.json");

        Assert.DoesNotContain("figures", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iVBOR", json, StringComparison.Ordinal);
        Assert.Empty(readBack.Figures);
    }

    private static ReportFigure Figure(IReadOnlyList<ReportFigure> figures, string id) => figures.Single(figure => figure.Id == id);

    private static float[] Solid(int channels, int height, int width, params float[] values)
    {
        var chw = new float[channels * height * width];
        for (var channel = 0; channel < channels; channel++)
        {
            Array.Fill(chw, values[channel], channel * height * width, height * width);
        }

        return chw;
    }

    private static int DarkPixels(SKBitmap bitmap, int left, int right, int top, int bottom)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Red < 128 && pixel.Green < 128 && pixel.Blue < 128)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>The lowest row that is dark across most of the plot's width: the bottom edge of the data area's frame.</summary>
    private static int LowestFrameRow(SKBitmap bitmap)
    {
        for (var y = bitmap.Height - 1; y >= 0; y--)
        {
            if (DarkPixels(bitmap, 0, bitmap.Width, y, y + 1) > bitmap.Width / 3)
            {
                return y;
            }
        }

        throw new InvalidOperationException("No frame line found.");
    }

    private static int CountPixels(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y) == color)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
