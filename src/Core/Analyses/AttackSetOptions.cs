using System.Text.Json.Nodes;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The attacks an analysis runs (names), their budgets per norm and their schedule: the part of the
/// parameters that the <c>attack</c> and <c>blur-defense</c> analyses share.
/// </summary>
/// <param name="Attacks">Attack names in the order given.</param>
/// <param name="LInf">L-inf budgets, or null for the defaults of the image size.</param>
/// <param name="L2">L2 budgets, or null for the defaults of the image size.</param>
/// <param name="Ensemble">Also report the per-image worst case over the attacks (<c>apgd-ensemble</c>).</param>
public sealed record AttackSetOptions(
    IReadOnlyList<string> Attacks,
    IReadOnlyList<double>? LInf,
    IReadOnlyList<double>? L2,
    AttackSchedule Schedule,
    bool Ensemble)
{
    /// <summary>The name of the per-image worst case over the attacks of a run.</summary>
    public const string EnsembleName = "apgd-ensemble";

    /// <summary>The bounded attacks (fmn is minimal-perturbation and belongs to its own analysis).</summary>
    public static IReadOnlyList<string> BoundedAttacks { get; } = ["fgsm", "pgd", "apgd-ce", "apgd-dlr", "apgd-t", "square"];

    public static AttackSetOptions From(AnalysisParameters parameters, IReadOnlyList<string> defaultAttacks, IReadOnlyList<double>? defaultLInf, IReadOnlyList<double>? defaultL2, bool defaultEnsemble)
    {
        var fallback = new AttackSchedule();
        var attacks = parameters.GetStrings("attacks", defaultAttacks, BoundedAttacks);
        var linf = parameters.TryGetElement("linf", out _) ? AttackBudgets.Read(parameters, "linf", 1) : defaultLInf;
        var l2 = parameters.TryGetElement("l2", out _) ? AttackBudgets.Read(parameters, "l2", 1000) : defaultL2;
        var schedule = new AttackSchedule(
            parameters.GetInt("steps", fallback.PgdSteps, min: 1),
            parameters.GetInt("restarts", fallback.Restarts, min: 1),
            parameters.GetInt("apgd_iterations", fallback.ApgdIterations, min: 1),
            parameters.GetInt("apgd_targets", fallback.ApgdTargets, min: 1),
            parameters.GetInt("square_queries", fallback.SquareQueries, min: 1),
            fallback.FmnSteps);
        return new AttackSetOptions([.. attacks.Distinct()], linf, l2, schedule, parameters.GetBool("ensemble", defaultEnsemble));
    }

    /// <summary>The (norm, budget) pairs for images of <paramref name="shape"/>.</summary>
    public IReadOnlyList<(AttackNorm Norm, double Epsilon)> Budgets(ImageShape shape) =>
    [
        .. (LInf ?? AttackBudgets.DefaultLInf(shape)).Select(e => (AttackNorm.LInf, e)),
        .. (L2 ?? AttackBudgets.DefaultL2(shape)).Select(e => (AttackNorm.L2, e)),
    ];

    /// <summary>Adds this set's fields to an analysis's recorded parameters.</summary>
    public void AddTo(JsonObject parameters)
    {
        parameters["attacks"] = new JsonArray([.. Attacks.Select(a => (JsonNode)a)]);
        parameters["linf"] = AttackBudgets.ToJson(LInf);
        parameters["l2"] = AttackBudgets.ToJson(L2);
        parameters["steps"] = Schedule.PgdSteps;
        parameters["restarts"] = Schedule.Restarts;
        parameters["apgd_iterations"] = Schedule.ApgdIterations;
        parameters["apgd_targets"] = Schedule.ApgdTargets;
        parameters["square_queries"] = Schedule.SquareQueries;
        parameters["ensemble"] = Ensemble;
    }

    public static string NormName(AttackNorm norm) => norm == AttackNorm.LInf ? "linf" : "l2";

    /// <summary>The condition of one attack at one budget: <c>attack=..;norm=..;eps=..</c>, after an optional prefix.</summary>
    public static string Condition(string attack, AttackNorm norm, double epsilon, string prefix = "") =>
        prefix + Reports.ResultCondition.Format(("attack", attack), ("norm", NormName(norm)), ("eps", epsilon));
}
