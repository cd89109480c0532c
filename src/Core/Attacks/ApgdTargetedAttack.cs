using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// APGD-T (AutoAttack): APGD on the targeted DLR loss toward each of the top-k classes other than
/// the true one, ranked by the clean logits, one run per target in rank order; an image leaves as
/// soon as it is misclassified. Success is untargeted (any wrong class), so <see cref="Targeted"/>
/// is false and <see cref="AttackBatch.Targets"/> is not used.
/// </summary>
public sealed class ApgdTargetedAttack : IAttack
{
    private readonly ApgdTargetedOptions _options;

    public ApgdTargetedAttack(AttackNorm norm, double epsilon, ApgdTargetedOptions? options = null)
    {
        _options = options ?? new ApgdTargetedOptions();
        _options.Validate();
        AttackInputs.ValidateBudget(Name, epsilon);
        Norm = norm;
        Epsilon = epsilon;
    }

    public string Name => "apgd-t";

    public AttackNorm Norm { get; }

    public double Epsilon { get; }

    public bool Targeted => false;

    // As APGD, once per target class and restart.
    public PassCount MaxPassesPerImage(int classCount) =>
        new(2, (long)Math.Min(_options.TargetClasses, classCount - 1) * _options.Restarts * (_options.Iterations + 1));

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, needsTargets: false, Name);
        ApgdChecks.ValidateClasses(Name, AttackLoss.TargetedDlr, model.ClassCount);
        var count = batch.Count;
        var classes = model.ClassCount;
        var cleanLogits = AttackVerification.CleanLogits(model, batch, cancellationToken);
        var fooled = AttackVerification.CleanSuccess(model, batch, cleanLogits, null);
        var output = (float[])batch.Images.Clone();
        var outputLoss = new float[count];
        Array.Fill(outputLoss, float.NegativeInfinity);
        var lossTargets = new int[count];
        var engine = new ApgdEngine(model, Norm, Epsilon, _options.Iterations, _options.Rho, batch.Labels, lossTargets);
        var ranked = new int[count][];
        for (var i = 0; i < count; i++)
        {
            ranked[i] = TargetRanking.TopOtherClasses(cleanLogits.AsSpan(i * classes, classes), batch.Labels[i], Math.Min(_options.TargetClasses, classes - 1));
        }

        var targetCount = Math.Min(_options.TargetClasses, classes - 1);
        for (var t = 0; t < targetCount; t++)
        {
            for (var restart = 0; restart < _options.Restarts; restart++)
            {
                var remaining = Enumerable.Range(0, count).Where(i => !fooled[i]).ToArray();
                if (remaining.Length == 0)
                {
                    return AttackVerification.Verify(model, batch, output, Norm, null, null, cancellationToken);
                }

                foreach (var i in remaining)
                {
                    lossTargets[i] = ranked[i][t];
                }

                var run = (ulong)(t * _options.Restarts + restart);
                engine.Run(AttackLoss.TargetedDlr, batch.Images, remaining, i => new AttackRandom(batch.Seeds[i], AttackStreams.ApgdTargeted, run), null, fooled, output, outputLoss, cancellationToken);
            }
        }

        return AttackVerification.Verify(model, batch, output, Norm, null, null, cancellationToken);
    }
}
