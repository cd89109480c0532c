namespace CloudFreq.Core.Attacks;

/// <summary>Validation shared by the APGD option records.</summary>
internal static class ApgdChecks
{
    public static void Validate(string attackName, int iterations, int restarts, double rho)
    {
        if (iterations < 1)
        {
            throw new ArgumentException($"{attackName}: Iterations must be at least 1 (got {iterations}).", nameof(iterations));
        }

        if (restarts < 1)
        {
            throw new ArgumentException($"{attackName}: Restarts must be at least 1 (got {restarts}).", nameof(restarts));
        }

        if (!(rho > 0 && rho <= 1))
        {
            throw new ArgumentException($"{attackName}: Rho must be in (0, 1] (got {rho}).", nameof(rho));
        }
    }

    /// <summary>DLR divides by logit gaps that need 3 (untargeted) or 4 (targeted) classes.</summary>
    public static void ValidateClasses(string attackName, AttackLoss loss, int classCount)
    {
        var needed = loss switch
        {
            AttackLoss.Dlr => 3,
            AttackLoss.TargetedDlr => 4,
            _ => 2,
        };
        if (classCount < needed)
        {
            throw new ArgumentException($"{attackName}: the {loss} loss needs at least {needed} classes; the model has {classCount}.");
        }
    }
}
