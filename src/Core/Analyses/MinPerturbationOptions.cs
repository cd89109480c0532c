using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the <c>min-perturbation</c> analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset (an evenly spread subset).</param>
/// <param name="Norm">The norm the perturbation is minimized in (the study's: L-inf).</param>
/// <param name="Targeted">Toward a random target class per image (the study's protocol) or untargeted.</param>
/// <param name="Steps">Fast minimum-norm iterations.</param>
public sealed record MinPerturbationOptions(int Images, AttackNorm Norm, bool Targeted, int Steps)
{
    public static MinPerturbationOptions From(AnalysisParameters parameters)
    {
        var norm = parameters.GetStrings("norm", ["linf"], ["linf", "l2"]);
        if (norm.Count != 1)
        {
            throw new CloudFreqException($"{parameters.Where}: field 'norm' takes one of linf, l2.");
        }

        var options = new MinPerturbationOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            norm[0] == "linf" ? AttackNorm.LInf : AttackNorm.L2,
            parameters.GetBool("targeted", true),
            parameters.GetInt("steps", new AttackSchedule().FmnSteps, min: 1));
        parameters.RejectUnknown();
        return options;
    }
}
