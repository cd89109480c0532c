namespace CloudFreq.Core.Attacks;

/// <summary>Builds the attack an analysis asks for: its schedule mapped onto the attack's own options.</summary>
public static class AttackRequestFactory
{
    /// <exception cref="ArgumentException">Unknown attack or a budget/schedule the attack cannot take.</exception>
    public static IAttack Create(AttackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schedule = request.Schedule;
        object? options = request.Name switch
        {
            "pgd" => new PgdOptions { Steps = schedule.PgdSteps, Restarts = schedule.Restarts },
            "apgd-ce" or "apgd-dlr" => new ApgdOptions { Iterations = schedule.ApgdIterations },
            "apgd-t" => new ApgdTargetedOptions { Iterations = schedule.ApgdIterations, TargetClasses = schedule.ApgdTargets },
            "square" => new SquareOptions { Queries = schedule.SquareQueries },
            "fmn" => new FmnOptions { Steps = schedule.FmnSteps, Targeted = request.Targeted },
            _ => null,
        };
        return AttackCatalog.Create(request.Name, request.Norm, request.Epsilon, options);
    }
}
