namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the clean analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset (all by default).</param>
public sealed record CleanAccuracyOptions(int Images = int.MaxValue)
{
    public static CleanAccuracyOptions From(AnalysisParameters parameters)
    {
        var options = new CleanAccuracyOptions(parameters.GetInt("images", int.MaxValue, min: 1));
        parameters.RejectUnknown();
        return options;
    }
}
