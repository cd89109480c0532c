namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the <c>blur-defense</c> analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset (an evenly spread subset).</param>
/// <param name="Sigmas">Blur sigmas in pixels; the plain model (sigma 0) is always scored beside them.</param>
/// <param name="Set">The attacks run end to end through the blur.</param>
/// <param name="Corruptions">Corruptions scored on each blurred model (empty: none).</param>
/// <param name="Severities">Their severities.</param>
public sealed record BlurDefenseOptions(
    int Images,
    IReadOnlyList<double> Sigmas,
    AttackSetOptions Set,
    IReadOnlyList<string> Corruptions,
    IReadOnlyList<int> Severities)
{
    /// <summary>The study's CIFAR sigma grid.</summary>
    public static IReadOnlyList<double> StudySigmas { get; } = [0.5, 0.6, 0.8, 1.0, 1.2, 1.6, 2.0, 2.5];

    public static BlurDefenseOptions From(AnalysisParameters parameters, IReadOnlyList<string> knownCorruptions, IReadOnlyList<string> defaultCorruptions)
    {
        var options = new BlurDefenseOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            [.. parameters.GetDoubles("sigmas", StudySigmas, 0.05, 50).Distinct().Order()],
            AttackSetOptions.From(parameters, ["pgd"], [1 / 255.0, 2 / 255.0], [], defaultEnsemble: false),
            [.. parameters.GetStrings("corruptions", defaultCorruptions, [.. knownCorruptions, "none"]).Where(c => c != "none").Distinct()],
            [.. parameters.GetInts("severities", [3], min: 1).Distinct().Order()]);
        if (options.Severities.Any(s => s > 5))
        {
            throw new CloudFreqException($"{parameters.Where}: field 'severities' holds values above 5; severities run 1..5.");
        }

        parameters.RejectUnknown();
        return options;
    }
}
