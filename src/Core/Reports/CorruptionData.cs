namespace CloudFreq.Core.Reports;

/// <summary>
/// The corruptions rows of one dataset that the figures use. A key that is present with a null value is
/// an undefined result ("none"); an absent key was never measured (a suite that ran a subset).
/// </summary>
internal sealed class CorruptionData
{
    /// <summary>Accuracy per (model, corruption, severity).</summary>
    public Dictionary<(string Model, string Corruption, int Severity), double?> Cells { get; } = [];

    /// <summary>Accuracy per (model, corruption), the mean over the severities run.</summary>
    public Dictionary<(string Model, string Corruption), double?> CorruptionMeans { get; } = [];

    /// <summary>Corruption error relative to AlexNet per (model, corruption).</summary>
    public Dictionary<(string Model, string Corruption), double?> CorruptionErrors { get; } = [];

    /// <summary>Accuracy per (model, frequency group).</summary>
    public Dictionary<(string Model, string Group), double?> Groups { get; } = [];

    /// <summary>Summary metrics per (model, metric): mean_accuracy, mce, relative_mce.</summary>
    public Dictionary<(string Model, string Metric), double?> Summaries { get; } = [];

    /// <summary>Corruptions with at least one cell, in first-seen order.</summary>
    public OrderedNames Corruptions { get; } = new();

    /// <summary>Severities with at least one cell.</summary>
    public SortedSet<int> Severities { get; } = [];

    public bool HasCells(string model) => Cells.Keys.Any(key => key.Model == model);

    public bool HasFrequencyGroups(string model) =>
        CorruptionNames.FrequencyGroups.Any(group => Groups.ContainsKey((model, group.Group)));
}
