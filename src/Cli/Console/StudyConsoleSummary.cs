using CloudFreq.Core.Study;
using Spectre.Console;

namespace CloudFreq.Cli.Console;

/// <summary>
/// The study at the end of a run on the console: per dataset a table of every measure (rows) by model
/// (columns, few enough to fit a terminal), then the overall verdict and one finding per model.
/// </summary>
internal static class StudyConsoleSummary
{
    public static Table Table(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var table = new Table().Title($"study: {Markup.Escape(study.Dataset)} (frequency: lower = stronger low-frequency preference; robustness: higher = more robust)");
        table.AddColumn("measure");
        foreach (var model in study.Models)
        {
            table.AddColumn(new TableColumn(Markup.Escape(model.Name)).RightAligned());
        }

        table.AddRow([new Markup("group"), .. study.Models.Select(m => new Markup(Markup.Escape(m.Group is null ? "none" : $"{m.Group} ({m.StudyGroup})")))]);
        foreach (var measure in study.Measures)
        {
            var kind = measure.Kind == StudyMeasureKind.Frequency ? "frequency" : "robustness";
            table.AddRow([
                new Markup(Markup.Escape($"{measure.Label} [{kind}]")),
                .. study.Models.Select(m => new Markup(m.Values.TryGetValue(measure.Id, out var value) ? Markup.Escape(StudyVerdicts.Format(measure, value.Value)) : "-")),
            ]);
        }

        return table;
    }

    /// <summary>The overall verdict, then one line per model.</summary>
    public static IEnumerable<string> Lines(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        yield return StudyVerdicts.Overall(study);
        foreach (var finding in StudyModelFindings.For(study))
        {
            yield return "- " + finding;
        }
    }
}
