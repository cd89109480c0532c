using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Fast gradient sign method (Goodfellow et al. 2015): one step of size eps from the clean image,
/// along sign(gradient) for L-inf or along the unit-L2 gradient for L2 (the "fast gradient
/// method"), then clipped to [0,1]. Images the clean model already gets wrong are returned as is.
/// </summary>
public sealed class FgsmAttack : IAttack
{
    private readonly FgsmOptions _options;

    public FgsmAttack(AttackNorm norm, double epsilon, FgsmOptions? options = null)
    {
        _options = options ?? new FgsmOptions();
        _options.Validate();
        AttackInputs.ValidateBudget(Name, epsilon);
        Norm = norm;
        Epsilon = epsilon;
    }

    public string Name => "fgsm";

    public AttackNorm Norm { get; }

    public double Epsilon { get; }

    public bool Targeted => AttackGoal.IsTargeted(_options.Loss);

    // One gradient at the clean image (its logits say whether the image is already wrong), one re-scoring.
    public PassCount MaxPassesPerImage(int classCount) => new(1, 1);

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, Targeted, Name);
        cancellationToken.ThrowIfCancellationRequested();
        var count = batch.Count;
        var n = model.InputShape.Length;
        var targets = Targeted ? batch.Targets : null;
        var evaluator = new GradientEvaluator(model, batch.Labels, targets);
        var all = Enumerable.Range(0, count).ToArray();
        evaluator.Evaluate(_options.Loss, batch.Images, all, cancellationToken);

        var adversarial = (float[])batch.Images.Clone();
        for (var i = 0; i < count; i++)
        {
            if (AttackGoal.IsSuccess(evaluator.LogitsRow(i), batch.Labels[i], targets?[i] ?? -1, Targeted))
            {
                continue;
            }

            var clean = batch.Images.AsSpan(i * n, n);
            var row = adversarial.AsSpan(i * n, n);
            PerturbationMath.AscentStep(Norm, clean, evaluator.GradientRow(i), Epsilon, row);
            PerturbationMath.Project(Norm, row, clean, Epsilon);
        }

        return AttackVerification.Verify(model, batch, adversarial, Norm, targets, null, cancellationToken);
    }
}
