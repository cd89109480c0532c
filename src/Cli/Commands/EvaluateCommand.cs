using System.CommandLine;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Cli.Console;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
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
        var observer = ConsoleRunObserver.Create(output, parse.GetValue(o.NoProgress));
        var preparer = RunPreparer.Create(settings.Scoring);
        using var run = preparer.Prepare(spec);
        foreach (var warning in run.Warnings)
        {
            observer.Warn(warning);
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
