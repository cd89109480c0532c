using System.Globalization;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;
using CloudFreq.Orchestrations.Runs;
using Spectre.Console;

namespace CloudFreq.Cli.Console;

/// <summary>
/// Shows a run on the console: a live progress bar with images/s on a terminal, plain log lines
/// otherwise (redirected output, CI, --no-progress).
/// </summary>
internal sealed class ConsoleRunObserver : IRunObserver
{
    private readonly TextWriter _output;
    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private ProgressTask? _task;
    private int _itemsTotal;
    private int _itemsDone;

    private ConsoleRunObserver(TextWriter output, bool live)
    {
        _output = output;
        _live = live;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
        });

        // Redirected output has no terminal width; Spectre's 80 columns would wrap the study table's rows.
        if (!live)
        {
            _console.Profile.Width = Math.Max(_console.Profile.Width, 120);
        }
    }

    public static ConsoleRunObserver Create(TextWriter output, bool noProgress)
    {
        return new ConsoleRunObserver(output, ConsoleTerminal.IsTerminal(output) && !noProgress);
    }

    public void Warn(string message) => Line("warning: " + message);

    /// <param name="dryRun">The run is only planned (<c>--dry-run</c>): nothing will be written to <paramref name="outDir"/>.</param>
    public void Describe(PreparedRun run, string outDir, bool dryRun = false)
    {
        foreach (var dataset in run.Datasets)
        {
            Line($"dataset {dataset.Name}: {dataset.Dataset.Entries.Count} images {dataset.Dataset.Shape}, "
                + $"{dataset.Dataset.ClassNames.Count} classes ({dataset.Dataset.Format})"
                + (dataset.Dataset.IgnoredFiles > 0 ? $", {dataset.Dataset.IgnoredFiles} non-image files ignored" : string.Empty));
        }

        foreach (var model in run.Models)
        {
            Line($"model {model.Name}: {model.Card.Card.Input} {model.Card.Card.Layout.ToString().ToUpperInvariant()}, card from {model.Card.Card.Source}; {model.Batching}");
        }

        Line($"analyses: {string.Join(", ", run.Analyses.Select(a => a.Name))}; "
            + (dryRun ? $"dry run: nothing is written to {outDir}" : $"output: {outDir}"));
    }

    /// <summary>Runs <paramref name="body"/> under the live progress display when there is one.</summary>
    public async Task<T> TrackAsync<T>(Func<Task<T>> body)
    {
        if (!_live)
        {
            return await body().ConfigureAwait(false);
        }

        return await _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ImagesPerSecondColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                _task = context.AddTask("scoring", autoStart: true, maxValue: 1);
                try
                {
                    return await body().ConfigureAwait(false);
                }
                finally
                {
                    _task.StopTask();
                }
            })
            .ConfigureAwait(false);
    }

    public void Planned(int totalItems, int pendingItems, long pendingImages)
    {
        _itemsTotal = pendingItems;
        var resumed = totalItems - pendingItems;
        Line($"plan: {totalItems} work items, {pendingImages} image scorings to do"
            + (resumed > 0 ? $" ({resumed} items already done, resuming)" : string.Empty));
        if (_task is not null)
        {
            _task.MaxValue = Math.Max(1, pendingImages);
        }
    }

    public void ImagesDone(int images) => _task?.Increment(images);

    public void ItemDone(WorkItem item, ItemResult result)
    {
        _itemsDone++;
        var rate = result.Timings.TotalSeconds > 0 ? result.Timings.Images / result.Timings.TotalSeconds : 0;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"[{_itemsDone}/{_itemsTotal}] {item.Id}: {result.Timings.Images} images in {result.Timings.TotalSeconds:F1} s ({rate:F0} img/s)");
        if (result.Skipped.Count > 0)
        {
            message += $", {result.Skipped.Count} unreadable skipped";
        }

        if (_task is not null)
        {
            _task.Description = $"item {_itemsDone}/{_itemsTotal}";
        }
        else
        {
            Line(message);
        }
    }

    public void Summarizing() => Line("writing report");

    public void Finished(RunOutcome outcome)
    {
        var report = outcome.Report;
        var table = new Table().Title("top-1 / top-5 accuracy (clean)").AddColumns("dataset", "model", "top-1", "top-5", "n");
        foreach (var row in report.Rows.Where(r => r.Analysis == "clean" && r.Condition.Length == 0 && r.Metric == "accuracy"))
        {
            var top5 = report.Rows.FirstOrDefault(r => r.Analysis == "clean" && r.Condition.Length == 0 && r.Metric == "top5_accuracy"
                && r.Model == row.Model && r.Dataset == row.Dataset);
            table.AddRow(Markup.Escape(row.Dataset), Markup.Escape(row.Model), Percent(row.Value), Percent(top5?.Value), row.N.ToString(CultureInfo.InvariantCulture));
        }

        if (table.Rows.Count > 0)
        {
            _console.Write(table);
        }

        foreach (var study in StudyCalculator.Compute(report))
        {
            _console.Write(StudyConsoleSummary.Table(study));
            foreach (var line in StudyConsoleSummary.Lines(study))
            {
                Line(line);
            }
        }

        if (report.Errors.Count > 0)
        {
            Line($"{report.Errors.Count} errors recorded (see report.json / report.html), for example: {report.Errors[0].Where}: {report.Errors[0].Message}");
        }

        Line($"{outcome.ComputedItems} items computed, {outcome.ResumedItems} resumed; wrote {string.Join(", ", outcome.ReportFiles)}");
    }

    private static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("F2", CultureInfo.InvariantCulture) + "%" : "none";

    private void Line(string message)
    {
        if (_live)
        {
            _console.MarkupLine(Markup.Escape(message));
        }
        else
        {
            _output.WriteLine(message);
        }
    }
}
