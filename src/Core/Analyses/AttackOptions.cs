namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the <c>attack</c> analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset (an evenly spread subset).</param>
public sealed record AttackOptions(int Images, AttackSetOptions Set)
{
    public static AttackOptions From(AnalysisParameters parameters)
    {
        var options = new AttackOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            AttackSetOptions.From(parameters, ["fgsm", "pgd", "apgd-ce", "apgd-dlr", "apgd-t", "square"], null, null, defaultEnsemble: true));
        parameters.RejectUnknown();
        return options;
    }
}
