namespace CloudFreq.Core.Attacks;

/// <summary>
/// Builds attacks from their condition names. Every attack takes both norms; FGSM with L2 is the
/// "fast gradient method" (one step of length eps along the unit-L2 gradient). Bounded attacks need
/// a finite positive eps; "fmn" is minimal-perturbation and takes eps = +infinity. Options are the
/// attack's own record (null for defaults): fgsm <see cref="FgsmOptions"/>, pgd
/// <see cref="PgdOptions"/>, apgd-ce and apgd-dlr <see cref="ApgdOptions"/>, apgd-t
/// <see cref="ApgdTargetedOptions"/>, square <see cref="SquareOptions"/>, fmn
/// <see cref="FmnOptions"/>, apgd-ensemble <see cref="EnsembleOptions"/>.
/// </summary>
public static class AttackCatalog
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fgsm", "pgd", "apgd-ce", "apgd-dlr", "apgd-t", "square", "fmn", "apgd-ensemble"];

    /// <summary>Builds the attack <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name, undefined norm, a budget the attack cannot take, or options of the wrong type.</exception>
    public static IAttack Create(string name, AttackNorm norm, double epsilon, object? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(norm))
        {
            throw new ArgumentException($"Unknown attack norm {norm}; use LInf or L2.", nameof(norm));
        }

        var key = name.Trim().ToLowerInvariant();
        if (key == "fmn")
        {
            if (!double.IsPositiveInfinity(epsilon))
            {
                throw new ArgumentException(
                    $"fmn is a minimal-perturbation attack: pass epsilon = +infinity (got {epsilon}); it reports each image's smallest norm found.",
                    nameof(epsilon));
            }

            return new FmnAttack(norm, OptionsAs<FmnOptions>(key, options));
        }

        if (!Names.Contains(key))
        {
            throw new ArgumentException($"Unknown attack '{name}'. Known attacks: {string.Join(", ", Names)}.", nameof(name));
        }

        AttackInputs.ValidateBudget(key, epsilon);
        return key switch
        {
            "fgsm" => new FgsmAttack(norm, epsilon, OptionsAs<FgsmOptions>(key, options)),
            "pgd" => new PgdAttack(norm, epsilon, OptionsAs<PgdOptions>(key, options)),
            "apgd-ce" => new ApgdAttack(norm, epsilon, AttackLoss.CrossEntropy, OptionsAs<ApgdOptions>(key, options)),
            "apgd-dlr" => new ApgdAttack(norm, epsilon, AttackLoss.Dlr, OptionsAs<ApgdOptions>(key, options)),
            "apgd-t" => new ApgdTargetedAttack(norm, epsilon, OptionsAs<ApgdTargetedOptions>(key, options)),
            "square" => new SquareAttack(norm, epsilon, OptionsAs<SquareOptions>(key, options)),
            _ => CreateEnsemble(norm, epsilon, OptionsAs<EnsembleOptions>(key, options) ?? new EnsembleOptions()),
        };
    }

    private static EnsembleAttack CreateEnsemble(AttackNorm norm, double epsilon, EnsembleOptions options)
    {
        if (options.Members is null || options.Members.Count == 0)
        {
            throw new ArgumentException("apgd-ensemble: give at least one member attack.", nameof(options));
        }

        var members = new List<IAttack>();
        foreach (var member in options.Members)
        {
            var key = member?.Trim().ToLowerInvariant() ?? "";
            if (key is "apgd-ensemble" or "fmn")
            {
                throw new ArgumentException($"apgd-ensemble: '{member}' cannot be a member (members are bounded, untargeted attacks).", nameof(options));
            }

            object? memberOptions = null;
            options.MemberOptions?.TryGetValue(key, out memberOptions);
            members.Add(Create(key, norm, epsilon, memberOptions));
        }

        return new EnsembleAttack(members);
    }

    private static T? OptionsAs<T>(string name, object? options)
        where T : class =>
        options switch
        {
            null => null,
            T typed => typed,
            _ => throw new ArgumentException($"{name} takes {typeof(T).Name}, not {options.GetType().Name}.", nameof(options)),
        };
}
