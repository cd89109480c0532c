using System.Globalization;
using CloudFreq.Orchestrations.Estimates;
using Spectre.Console;

namespace CloudFreq.Cli.Console;

/// <summary>
/// Prints a dry run's plan (<see cref="RunEstimate"/>): a table per dataset, model and analysis with totals,
/// then the calibration it used. Spectre.Console tables on a terminal; aligned plain text otherwise, so
/// logs and scripts read the same numbers.
/// </summary>
internal sealed class RunEstimatePrinter(TextWriter output, bool terminal)
{
    private const string UpperBoundMark = "<=";

    public void Print(RunEstimate estimate)
    {
        string[] numbers = ["items", "images", "forward", "backward", "est. time"];
        var setup = new[] { Duration(estimate.Calibrations.Sum(c => c.SetupSeconds)) };
        var total = new[]
        {
            estimate.PendingItems == estimate.TotalItems ? Count(estimate.TotalItems) : $"{Count(estimate.TotalItems)} ({Count(estimate.TotalItems - estimate.PendingItems)} done)",
            Count(estimate.Images),
            Bounded(estimate.Passes.Forward, estimate.UpperBound),
            Bounded(estimate.Passes.Backward, estimate.UpperBound),
            Duration(estimate.TotalSeconds),
        };
        if (terminal)
        {
            // One table per dataset and model keeps the numbers on one line in an 80-column terminal.
            foreach (var group in estimate.Lines.GroupBy(l => (l.Dataset, l.Model)))
            {
                Table($"{group.Key.Dataset} / {group.Key.Model}", ["analysis"], numbers, [.. group.Select(l => Numbers(l).Prepend(l.Analysis).ToArray())], footerRows: 0);
            }

            Table("all analyses", [string.Empty], numbers, [["model setup", "", "", "", "", .. setup], ["total", .. total]], footerRows: 1);
        }
        else
        {
            var rows = estimate.Lines.Select(l => new[] { l.Dataset, l.Model, l.Analysis }.Concat(Numbers(l)).ToArray()).ToList();
            rows.Add(["model setup", "", "", "", "", "", "", .. setup]);
            rows.Add(["total", "", "", .. total]);
            Table("plan (dry run)", ["dataset", "model", "analysis"], numbers, rows, footerRows: 2);
        }

        var threads = estimate.Threads == 0
            ? $"threads auto (one per core, {estimate.Cores} cores)"
            : $"{estimate.Threads} threads ({estimate.Cores} cores)";
        output.WriteLine();
        output.WriteLine($"calibration on device {estimate.Device}, {threads}:");
        Table(
            "calibration",
            ["model"],
            ["batch", "forward img/s", "gradient img/s", "setup"],
            [.. estimate.Calibrations.Select(c => new[] { c.Model, Count(c.BatchSize), Rate(c.ForwardImagesPerSecond), Rate(c.GradientImagesPerSecond), Duration(c.SetupSeconds) })],
            footerRows: 0);
        output.WriteLine();
        output.WriteLine("forward: images scored; backward: loss-gradient evaluations (forward + backward) of one image each.");
        if (estimate.UpperBound)
        {
            output.WriteLine($"{UpperBoundMark}: an upper bound: attacks run only on correctly classified images and drop an image once it is fooled.");
        }

        output.WriteLine("est. time: model passes at the calibrated rates plus model setup; image decoding and the transforms (filters, corruptions) are not in it.");
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
        Bounded(line.Passes.Forward, line.UpperBound),
        Bounded(line.Passes.Backward, line.UpperBound),
        Duration(line.Seconds),
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bounded(long value, bool upperBound) =>
        (upperBound && value > 0 ? UpperBoundMark + " " : string.Empty) + Count(value);

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
