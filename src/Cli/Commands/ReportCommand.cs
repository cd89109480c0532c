using System.CommandLine;
using CloudFreq.Core;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;
using CloudFreq.Orchestrations.Adapters.Local;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq report RUN_DIR... --out DIR</c>: merges the results of several runs (local evaluations or
/// downloaded cloud runs, each a folder with report.json) into one study report: results.csv, report.json
/// and report.html, the study recomputed over every model. Refuses runs whose numbers are not comparable
/// (<see cref="ReportMerger"/>) and says what differs.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var runs = new Argument<string[]>("RUN_DIR") { Description = "Run folders (or report.json files) to merge.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder for results.csv, report.json and report.html.", Required = true };
        var command = new Command("report", "Merge the results of several runs into one study report (results.csv, report.json, report.html).");
        command.Arguments.Add(runs);
        command.Options.Add(outDir);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, () =>
        {
            var reader = new ReportJsonReader();
            var reports = new List<(string Source, RunReport Report)>();
            foreach (var given in parse.GetValue(runs)!)
            {
                var path = Path.GetFullPath(given);
                var file = Directory.Exists(path) ? Path.Combine(path, ReportWriter.ReportJsonFileName) : path;
                if (!File.Exists(file))
                {
                    throw new CloudFreqException($"{given}: no {ReportWriter.ReportJsonFileName} there; give the folder of a finished run.");
                }

                reports.Add((given, reader.Read(file)));
            }

            var merged = ReportMerger.Merge(reports, LocalRun.Tool);
            merged = new ReportFigureBuilder().WithFigures(merged);
            var files = new ReportWriter(new ResultsCsvWriter(), new ReportJsonWriter(), new ReportHtmlWriter())
                .Write(merged, Path.GetFullPath(parse.GetValue(outDir)!));
            var studies = StudyCalculator.Compute(merged);
            output.WriteLine($"merged {reports.Count} run(s): {merged.Models.Count} model(s), {merged.Datasets.Count} dataset(s), {merged.Rows.Count} rows.");
            foreach (var study in studies)
            {
                foreach (var line in StudyVerdicts.Summary(study))
                {
                    output.WriteLine(line);
                }
            }

            output.WriteLine($"wrote {files.ResultsCsv}, {files.ReportJson}, {files.ReportHtml}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
