using System.Runtime.InteropServices;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Fast minimum-norm attack (Pintor et al. 2021), L-inf or L2, untargeted (margin loss) or
/// targeted (targeted margin toward <see cref="AttackBatch.Targets"/>). Each step ascends the
/// loss by a cosine-annealed unit-L2 gradient step and projects onto an adaptive eps ball and
/// [0,1]. Eps shrinks by (1 - gamma) while adversarial (never above the best norm found), grows by
/// (1 + gamma) once an adversarial has been seen, and before that jumps to the current norm plus
/// the linearized distance to the boundary, |loss| / ||gradient||_dual (L2: L2; L-inf: L1), times
/// (1 + gamma): the one deviation from the reference, which lands exactly on the boundary of a
/// locally linear model and can stall on the tie there. Deterministic: no random start.
/// </summary>
/// <remarks>
/// Returns each image's smallest successful perturbation found, with <see cref="AttackResult.Norm"/>
/// its norm. An image with none (after re-scoring) comes back as the clean input with Success
/// false and Norm = +infinity. A clean image that already fools the model has Norm 0.
/// </remarks>
public sealed class FmnAttack : IAttack
{
    private readonly FmnOptions _options;

    public FmnAttack(AttackNorm norm, FmnOptions? options = null)
    {
        _options = options ?? new FmnOptions();
        _options.Validate();
        Norm = norm;
    }

    public string Name => "fmn";

    public AttackNorm Norm { get; }

    public double Epsilon => double.PositiveInfinity;

    public bool Targeted => _options.Targeted;

    // One gradient per step (no separate clean check: the first step's logits tell), then the re-scoring.
    public PassCount MaxPassesPerImage(int classCount) => new(1, _options.Steps);

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, Targeted, Name);
        var count = batch.Count;
        var n = model.InputShape.Length;
        var targets = Targeted ? batch.Targets : null;
        var loss = Targeted ? AttackLoss.TargetedMargin : AttackLoss.Margin;
        var alphaInit = _options.ResolveAlphaInit(Norm);
        var alphaFinal = _options.ResolveAlphaFinal(Norm);

        var x = (float[])batch.Images.Clone();
        var output = (float[])batch.Images.Clone();
        var epsilon = new double[count];
        var bestNorm = new double[count];
        var worstNorm = new double[count];
        var found = new bool[count];
        for (var i = 0; i < count; i++)
        {
            epsilon[i] = double.PositiveInfinity;
            worstNorm[i] = WorstNorm(batch.Images.AsSpan(i * n, n));
            bestNorm[i] = worstNorm[i];
        }

        var evaluator = new GradientEvaluator(model, batch.Labels, targets);
        var active = Enumerable.Range(0, count).ToList();
        for (var step = 0; step < _options.Steps && active.Count > 0; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cosine = (1 + Math.Cos(Math.PI * step / _options.Steps)) / 2;
            var alpha = alphaFinal + (alphaInit - alphaFinal) * cosine;
            var gamma = _options.GammaFinal + (_options.GammaInit - _options.GammaFinal) * cosine;
            evaluator.Evaluate(loss, x, CollectionsMarshal.AsSpan(active), cancellationToken);
            for (var j = 0; j < active.Count; j++)
            {
                var i = active[j];
                var clean = batch.Images.AsSpan(i * n, n);
                var row = x.AsSpan(i * n, n);
                var gradient = evaluator.GradientRow(j);
                var deltaNorm = PerturbationMath.Distance(Norm, row, clean);
                var isAdversarial = AttackGoal.IsSuccess(evaluator.LogitsRow(j), batch.Labels[i], targets?[i] ?? -1, Targeted);
                if (isAdversarial)
                {
                    found[i] = true;
                    if (deltaNorm < bestNorm[i])
                    {
                        bestNorm[i] = deltaNorm;
                        row.CopyTo(output.AsSpan(i * n, n));
                    }
                }

                if (isAdversarial)
                {
                    epsilon[i] = Math.Min(epsilon[i] * (1 - gamma), bestNorm[i]);
                }
                else if (found[i])
                {
                    epsilon[i] *= 1 + gamma;
                }
                else
                {
                    var dual = Norm == AttackNorm.L2 ? PerturbationMath.L2(gradient) : PerturbationMath.L1(gradient);
                    // The reference jumps exactly to the linearized boundary; on a locally linear model that
                    // lands on the tie and stays there, so this overshoots by the same (1 + gamma) as growth.
                    epsilon[i] = (deltaNorm + Math.Abs(evaluator.Losses[j]) / Math.Max(dual, 1e-12)) * (1 + gamma);
                }

                epsilon[i] = Math.Min(epsilon[i], worstNorm[i]);
                PerturbationMath.AscentStep(AttackNorm.L2, row, gradient, alpha, row); // unit-L2 step for both norms, as the reference
                PerturbationMath.Project(Norm, row, clean, epsilon[i]);
            }

            // A zero-norm adversarial (the clean image already fools the model) cannot be improved.
            active.RemoveAll(i => found[i] && bestNorm[i] == 0);
        }

        return AttackVerification.Verify(model, batch, output, Norm, targets, double.PositiveInfinity, cancellationToken);
    }

    /// <summary>The largest perturbation the box allows: ||max(x, 1 - x)||.</summary>
    private double WorstNorm(ReadOnlySpan<float> clean)
    {
        var result = 0.0;
        foreach (var v in clean)
        {
            var m = Math.Max(v, 1.0 - v);
            result = Norm == AttackNorm.LInf ? Math.Max(result, m) : result + m * m;
        }

        return Norm == AttackNorm.LInf ? result : Math.Sqrt(result);
    }
}
