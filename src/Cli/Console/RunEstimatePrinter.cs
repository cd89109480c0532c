using System.Globalization;
using CloudFreq.Orchestrations.Estimates;
using Spectre.Console;

namespace CloudFreq.Cli.Console;

/// <summary>
/// Prints a dry run's plan (<see cref="RunEstimate"/>): a table per dataset, model and analysis (items, images,
/// passes, transform time, model time, total) with totals and the wall time on <c>--workers</c>, then the
/// calibrations it used. Spectre.Console tables on a terminal; aligned plain text otherwise, so logs and
/// scripts read the same numbers.
/// </summary>
internal sealed class RunEstimatePrinter(TextWriter output, bool terminal)
{
    private const string UpperBoundMark = "<=";

    /// <summary>The number columns of the plan, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["items", "images", "passes", "transform time", "model time", "total"];

    public void Print(RunEstimate estimate)
    {
        string[] numbers = [.. Columns];
        var setup = new[] { "", "", "", "", "", Duration(estimate.SetupSeconds) };
        var total = new[]
        {
            estimate.PendingItems == estimate.TotalItems ? Count(estimate.TotalItems) : $"{Count(estimate.TotalItems)} ({Count(estimate.TotalItems - estimate.PendingItems)} done)",
            Count(estimate.Images),
            Bounded(estimate.Passes.Forward + estimate.Passes.Backward, estimate.UpperBound),
            Duration(estimate.TransformSeconds),
            Duration(estimate.ModelSeconds),
            Duration(estimate.TotalSeconds),
        };
        List<string[]> footer = [["model setup", .. setup], ["total", .. total]];
        if (estimate.Workers > 1)
        {
            footer.Add([$"wall time on {Count(estimate.Workers)} workers", "", "", "", "", "", Duration(estimate.WallSeconds)]);
        }

        if (terminal)
        {
            // One table per dataset and model keeps the numbers on one line in an 80-column terminal.
            foreach (var group in estimate.Lines.GroupBy(l => (l.Dataset, l.Model)))
            {
                Table($"{group.Key.Dataset} / {group.Key.Model}", ["analysis"], numbers, [.. group.Select(l => Numbers(l).Prepend(l.Analysis).ToArray())], footerRows: 0);
            }

            Table("all analyses", [string.Empty], numbers, footer, footerRows: footer.Count - 1);
        }
        else
        {
            var rows = estimate.Lines.Select(l => new[] { l.Dataset, l.Model, l.Analysis }.Concat(Numbers(l)).ToArray()).ToList();
            rows.AddRange(footer.Select(f => new[] { f[0], "", "" }.Concat(f[1..]).ToArray()));
            Table("plan (dry run)", ["dataset", "model", "analysis"], numbers, rows, footerRows: footer.Count);
        }

        var threads = estimate.Threads == 0
            ? $"threads auto (one per core, {estimate.Cores} cores)"
            : $"{estimate.Threads} threads ({estimate.Cores} cores)";
        output.WriteLine();
        output.WriteLine($"calibration on device {estimate.Device}, {threads}:");
        Table(
            "model calibration",
            ["model"],
            ["batch", "forward img/s", "gradient img/s", "setup", "accuracy"],
            [.. estimate.Calibrations.Select(c => new[] { c.Model, Count(c.BatchSize), Rate(c.ForwardImagesPerSecond), Rate(c.GradientImagesPerSecond), Duration(c.SetupSeconds), Percent(c.SampleAccuracy) })],
            footerRows: 0);
        if (estimate.TransformCalibrations.Count > 0)
        {
            output.WriteLine();
            Table(
                "transform calibration",
                ["transform", "size"],
                ["img/s"],
                [.. estimate.TransformCalibrations.Select(c => new[] { c.Family, c.Dataset is { } d ? $"{c.Shape} ({d})" : c.Shape, Rate(c.TransformsPerSecond) })],
                footerRows: 0);
        }

        output.WriteLine();
        output.WriteLine("passes: images scored plus loss gradients (forward + backward) of one image each.");
        if (estimate.UpperBound)
        {
            output.WriteLine($"{UpperBoundMark}: an upper bound: attacks run only on correctly classified images and drop an image once it is fooled.");
            output.WriteLine("Attack time counts the images the model classifies correctly (accuracy: on a sample of the data), each attacked for the whole schedule.");
        }

        output.WriteLine("transform time: image decoding, FFT filters and hybrids, corruptions at their calibrated rates; model time: the passes at the model's rates;");
        output.WriteLine("total: both plus model setup, on this machine." + (estimate.Workers > 1 ? " Wall time: whole items spread over the workers, each paying the setup." : string.Empty));
    }

    /// <param name="text">Names of the left-aligned text columns, first.</param>
    /// <param name="numbers">Names of the right-aligned number columns, after them.</param>
    private void Table(string title, string[] text, string[] numbers, IReadOnlyList<string[]> rows, int footerRows)
    {
        string[] header = [.. text, .. numbers];
        if (terminal)
        {
            var table = new Table().Title(title);
            for (var i = 0; i < header.Length; i++)
            {
                var column = new TableColumn(header[i]) { Alignment = i < text.Length ? Justify.Left : Justify.Right };
                table.AddColumn(column.NoWrap()); // a number broken over two lines misreads
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (footerRows > 0 && r == rows.Count - footerRows)
                {
                    table.AddEmptyRow();
                }

                table.AddRow([.. rows[r].Select(Markup.Escape)]);
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Write(table);
            return;
        }

        // Plain text: text columns left-aligned, numbers right-aligned, two spaces apart.
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Format(string[] cells) => string.Join("  ", cells.Select((c, i) => i < text.Length ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        output.WriteLine(Format(header));
        for (var r = 0; r < rows.Count; r++)
        {
            output.WriteLine(Format(rows[r]));
        }
    }

    private static string[] Numbers(AnalysisEstimate line) =>
    [
        line.ResumedItems > 0 ? $"{Count(line.Items)} ({Count(line.ResumedItems)} done)" : Count(line.Items),
        Count(line.Images),
        Bounded(line.Passes.Forward + line.Passes.Backward, line.UpperBound),
        Duration(line.TransformSeconds),
        Duration(line.ModelSeconds),
        Duration(line.TotalSeconds),
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bounded(long value, bool upperBound) =>
        (upperBound && value > 0 ? UpperBoundMark + " " : string.Empty) + Count(value);

    private static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string Rate(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>12.3 s, 4 min 05 s, 2 h 07 min; n/a when not calibrated.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "n/a";
        }

        if (s < 60)
        {
            return s.ToString(s < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";
        }

        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:00} s");
    }
}
