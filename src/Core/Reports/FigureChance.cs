namespace CloudFreq.Core.Reports;

/// <summary>Chance-level accuracy of a dataset: 1 / number of classes.</summary>
internal readonly record struct FigureChance(int Classes)
{
    public double Value => 1.0 / Classes;

    /// <summary>The chance level of <paramref name="dataset"/>, or null when the report does not list its classes.</summary>
    public static FigureChance? Of(RunReport report, string dataset)
    {
        var classes = report.Datasets.FirstOrDefault(entry => entry.Name == dataset)?.ClassNames.Count ?? 0;
        return classes > 0 ? new FigureChance(classes) : null;
    }
}
