using CloudFreq.Core.Models;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Lookups report.html needs, built once per page: the datasets and models in report order (those
/// named only by rows, confusions or timings come after, in first-seen order), and the clean rows
/// keyed by (dataset, model).
/// </summary>
internal sealed class ReportIndex
{
    private readonly Dictionary<(string Dataset, string Model), ResultRow> _cleanAccuracy = [];
    private readonly Dictionary<(string Dataset, string Model), ResultRow> _cleanTop5 = [];
    private readonly Dictionary<(string Dataset, string Model), List<(string ClassName, ResultRow Row)>> _classAccuracies = [];
    private readonly Dictionary<(string Dataset, string Model), ConfusionMatrix> _confusions = [];
    private readonly Dictionary<(string Dataset, string Model), ModelTiming> _timings = [];
    private readonly Dictionary<string, ModelCard> _cards = new(StringComparer.Ordinal);

    public ReportIndex(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var datasets = new OrderedNames();
        var models = new OrderedNames();
        foreach (var dataset in report.Datasets)
        {
            datasets.Add(dataset.Name);
        }

        foreach (var model in report.Models)
        {
            models.Add(model.Name);
            _cards.TryAdd(model.Name, model.Card);
        }

        foreach (var row in report.Rows)
        {
            datasets.Add(row.Dataset);
            models.Add(row.Model);
            if (row.Analysis != ReportHtmlWriter.CleanAnalysis)
            {
                continue;
            }

            var key = (row.Dataset, row.Model);
            if (row.Condition.Length == 0)
            {
                // First row wins: a duplicate would be a bug upstream, and the all-results table shows both.
                if (row.Metric == ReportHtmlWriter.AccuracyMetric)
                {
                    _cleanAccuracy.TryAdd(key, row);
                }
                else if (row.Metric == ReportHtmlWriter.Top5AccuracyMetric)
                {
                    _cleanTop5.TryAdd(key, row);
                }
            }
            else if (row.Metric == ReportHtmlWriter.AccuracyMetric && ResultCondition.TryGetClassName(row.Condition) is { } className)
            {
                if (!_classAccuracies.TryGetValue(key, out var list))
                {
                    list = [];
                    _classAccuracies[key] = list;
                }

                list.Add((className, row));
            }
        }

        foreach (var confusion in report.Confusions)
        {
            datasets.Add(confusion.Dataset);
            models.Add(confusion.Model);
            _confusions.TryAdd((confusion.Dataset, confusion.Model), confusion);
        }

        foreach (var timing in report.Timings.Models)
        {
            datasets.Add(timing.Dataset);
            models.Add(timing.Model);
            _timings.TryAdd((timing.Dataset, timing.Model), timing);
        }

        Datasets = datasets.Names;
        Models = models.Names;
    }

    public IReadOnlyList<string> Datasets { get; }

    public IReadOnlyList<string> Models { get; }

    public ResultRow? CleanAccuracy(string dataset, string model) => _cleanAccuracy.GetValueOrDefault((dataset, model));

    public ResultRow? CleanTop5(string dataset, string model) => _cleanTop5.GetValueOrDefault((dataset, model));

    public IReadOnlyList<(string ClassName, ResultRow Row)> ClassAccuracies(string dataset, string model) =>
        _classAccuracies.TryGetValue((dataset, model), out var list) ? list : [];

    public ConfusionMatrix? Confusion(string dataset, string model) => _confusions.GetValueOrDefault((dataset, model));

    public ModelTiming? Timing(string dataset, string model) => _timings.GetValueOrDefault((dataset, model));

    public ModelCard? Card(string model) => _cards.GetValueOrDefault(model);
}
