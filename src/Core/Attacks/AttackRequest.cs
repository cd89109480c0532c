namespace CloudFreq.Core.Attacks;

/// <summary>One attack an analysis asks for: the attack, its norm and budget, and its schedule.</summary>
/// <param name="Name">fgsm, pgd, apgd-ce, apgd-dlr, apgd-t, square or fmn.</param>
/// <param name="Epsilon">The budget; +infinity for fmn (a minimal-perturbation attack).</param>
public sealed record AttackRequest(string Name, AttackNorm Norm, double Epsilon, AttackSchedule Schedule, bool Targeted = false);

/// <summary>
/// Iteration counts shared by an analysis's attacks. The defaults are the study's protocol;
/// suites shorten them for laptop runs.
/// </summary>
/// <param name="PgdSteps">PGD iterations (step size 2.5 eps / steps).</param>
/// <param name="Restarts">Random restarts of PGD (the per-image best is kept).</param>
/// <param name="ApgdIterations">APGD iterations N per run (checkpoints scale with N).</param>
/// <param name="ApgdTargets">Targeted APGD-DLR: the number of top classes attacked as targets.</param>
/// <param name="SquareQueries">Square attack queries per image (p_init 0.8).</param>
/// <param name="FmnSteps">Fast minimum-norm iterations.</param>
public sealed record AttackSchedule(
    int PgdSteps = 10,
    int Restarts = 1,
    int ApgdIterations = 100,
    int ApgdTargets = 9,
    int SquareQueries = 5000,
    int FmnSteps = 100);
