using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Auto-PGD (Croce and Hein 2020) on one loss: "apgd-ce" (cross-entropy) and "apgd-dlr"
/// (difference of logits ratio) as in AutoAttack. Each restart attacks only the images still
/// classified correctly; images the clean model already gets wrong are returned as they are.
/// An image never fooled returns its highest-loss point over all restarts.
/// </summary>
public sealed class ApgdAttack : IAttack
{
    private readonly ApgdOptions _options;
    private readonly AttackLoss _loss;

    public ApgdAttack(AttackNorm norm, double epsilon, AttackLoss loss = AttackLoss.CrossEntropy, ApgdOptions? options = null)
    {
        if (!Enum.IsDefined(loss))
        {
            throw new ArgumentException($"apgd: unknown loss {loss}.", nameof(loss));
        }

        _loss = loss;
        _options = options ?? new ApgdOptions();
        _options.Validate(Name);
        AttackInputs.ValidateBudget(Name, epsilon);
        Norm = norm;
        Epsilon = epsilon;
    }

    public string Name => _loss switch
    {
        AttackLoss.CrossEntropy => "apgd-ce",
        AttackLoss.Dlr => "apgd-dlr",
        AttackLoss.TargetedCrossEntropy => "apgd-ce-targeted",
        AttackLoss.TargetedDlr => "apgd-dlr-targeted",
        AttackLoss.Margin => "apgd-margin",
        _ => "apgd-margin-targeted",
    };

    public AttackNorm Norm { get; }

    public double Epsilon { get; }

    public bool Targeted => AttackGoal.IsTargeted(_loss);

    // The clean check and the re-scoring; per restart one gradient at the random start and one per iteration.
    public PassCount MaxPassesPerImage(int classCount) => new(2, (long)_options.Restarts * (_options.Iterations + 1));

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, Targeted, Name);
        ApgdChecks.ValidateClasses(Name, _loss, model.ClassCount);
        var count = batch.Count;
        var targets = Targeted ? batch.Targets : null;
        var fooled = AttackVerification.CleanSuccess(model, batch, AttackVerification.CleanLogits(model, batch, cancellationToken), targets);
        var output = (float[])batch.Images.Clone();
        var outputLoss = new float[count];
        Array.Fill(outputLoss, float.NegativeInfinity);
        var engine = new ApgdEngine(model, Norm, Epsilon, _options.Iterations, _options.Rho, batch.Labels, targets);

        for (var restart = 0; restart < _options.Restarts; restart++)
        {
            var remaining = Enumerable.Range(0, count).Where(i => !fooled[i]).ToArray();
            if (remaining.Length == 0)
            {
                break;
            }

            var r = (ulong)restart;
            engine.Run(_loss, batch.Images, remaining, i => new AttackRandom(batch.Seeds[i], AttackStreams.Apgd, r), targets, fooled, output, outputLoss, cancellationToken);
        }

        return AttackVerification.Verify(model, batch, output, Norm, targets, null, cancellationToken);
    }
}
