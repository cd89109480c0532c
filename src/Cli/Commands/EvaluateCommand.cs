using System.CommandLine;
using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Cli.Console;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Estimates;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Cli.Commands;

/// <summary><c>cloudfreq evaluate</c>: the embedded run, spec -> plan -> items -> summary -> report.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var options = new EvaluateOptions();
        var command = new Command("evaluate", "Score ONNX models on datasets and write results.csv, report.json and report.html.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
            CommandRunner.RunAsync(error, () => ExecuteAsync(parse, options, output, error, cancellationToken)));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, EvaluateOptions o, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var spec = BuildSpec(parse, o);
        var settings = new ExecutionSettings
        {
            Scoring = new ScoringOptions
            {
                Provider = ExecutionProvider.Parse(parse.GetValue(o.Device)!),
                IntraOpThreads = DatasetOptionSet.Positive(parse.GetValue(o.Threads), "--threads", allowZero: true),
                BatchSize = DatasetOptionSet.Positive(parse.GetValue(o.BatchSize), "--batch-size"),
            },
        };
        var outDir = Path.GetFullPath(parse.GetValue(o.Out)!);
        var dryRun = DryRunSettings(parse, o);
        // JSON goes to stdout alone; the console lines then go to stderr.
        var observer = ConsoleRunObserver.Create(dryRun is { Json: true } ? error : output, parse.GetValue(o.NoProgress));
        var preparer = RunPreparer.Create(settings.Scoring);
        using var run = preparer.Prepare(spec);
        foreach (var warning in run.Warnings)
        {
            observer.Warn(warning);
        }

        if (dryRun is not null)
        {
            observer.Describe(run, outDir, dryRun: true);
            var estimate = await LocalRun.EstimateAsync(run, outDir, settings, dryRun.Calibration, parse.GetValue(o.Overwrite), dryRun.Workers, cancellationToken).ConfigureAwait(false);
            if (dryRun.Json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(estimate, RunJson.Options)).ConfigureAwait(false);
            }
            else
            {
                new RunEstimatePrinter(output, ConsoleTerminal.IsTerminal(output)).Print(estimate);
            }

            return 0;
        }

        if (parse.GetValue(o.Overwrite))
        {
            LocalRun.Discard(outDir);
        }

        observer.Describe(run, outDir);
        var outcome = await observer.TrackAsync(() => LocalRun.ExecuteAsync(run, outDir, settings, observer, cancellationToken)).ConfigureAwait(false);
        observer.Finished(outcome);
        return 0;
    }

    private sealed record DryRunOptions(CalibrationOptions Calibration, bool Json, int Workers);

    // Null for a real run; --json, --calibration-seconds and --workers only mean something with --dry-run.
    private static DryRunOptions? DryRunSettings(ParseResult parse, EvaluateOptions o)
    {
        var json = parse.GetValue(o.Json);
        var seconds = parse.GetValue(o.CalibrationSeconds);
        var workers = parse.GetValue(o.Workers);
        if (!parse.GetValue(o.DryRun))
        {
            if (parse.GetResult(o.Workers) is { Implicit: false })
            {
                throw new CloudFreqException("--workers: sizes the wall time of --dry-run; add --dry-run (a local run uses this machine).");
            }

            return json
                ? throw new CloudFreqException("--json: prints the plan of --dry-run; add --dry-run (a run writes report.json to --out).")
                : null;
        }

        if (workers < 1)
        {
            throw new CloudFreqException($"--workers: must be at least 1, got {workers.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (!(seconds >= 0 && seconds <= 600))
        {
            throw new CloudFreqException($"--calibration-seconds: must be between 0 and 600, got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        var duration = TimeSpan.FromSeconds(seconds);
        return new DryRunOptions(new CalibrationOptions { Duration = duration, TransformDuration = duration / 4, TransformWarmup = duration, TransformWarmupLimit = duration * 8 }, json, workers);
    }

    private static RunSpec BuildSpec(ParseResult parse, EvaluateOptions o)
    {
        var datasetOptions = o.Dataset.Build(parse);
        var card = CardOverrides(parse, o);
        return new RunSpec
        {
            Datasets = [.. parse.GetValue(o.Data)!.Select(d => new DatasetSpec { Path = Path.GetFullPath(d), Options = datasetOptions })],
            Models = [.. parse.GetValue(o.Model)!.Select(m => new ModelSpec { Path = Path.GetFullPath(m), Card = card })],
            Suite = parse.GetValue(o.Suite)!,
            Seed = parse.GetValue(o.Seed),
            ItemSize = DatasetOptionSet.Positive(parse.GetValue(o.ItemSize), "--item-size"),
            Strict = parse.GetValue(o.Strict),
            Catalog = parse.GetValue(o.Catalog) is { } catalog ? Path.GetFullPath(catalog) : null,
        };
    }

    private static ModelCardFields? CardOverrides(ParseResult parse, EvaluateOptions o)
    {
        var layout = parse.GetValue(o.Layout);
        var mean = parse.GetValue(o.Mean);
        var std = parse.GetValue(o.Std);
        if (layout is null && mean is null && std is null)
        {
            return null;
        }

        return new ModelCardFields
        {
            Layout = layout is null ? null : ModelCardJson.ParseLayout(layout, "--layout"),
            Mean = mean is null ? null : EvaluateOptions.ParseFloats(mean, "--mean"),
            Std = std is null ? null : EvaluateOptions.ParseFloats(std, "--std"),
        };
    }
}
