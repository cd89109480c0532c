using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Projected gradient descent (Madry et al. 2018), L-inf or L2: from a random start, fixed-size
/// steps along sign(gradient) (L-inf) or the unit-L2 gradient (L2), each followed by projection
/// onto the eps ball intersected with [0,1]. An image stops once fooled. With restarts, every
/// image keeps its best point: the first success, else the highest loss seen.
/// </summary>
public sealed class PgdAttack : IAttack
{
    private readonly PgdOptions _options;

    public PgdAttack(AttackNorm norm, double epsilon, PgdOptions? options = null)
    {
        _options = options ?? new PgdOptions();
        _options.Validate();
        AttackInputs.ValidateBudget(Name, epsilon);
        Norm = norm;
        Epsilon = epsilon;
    }

    public string Name => "pgd";

    public AttackNorm Norm { get; }

    public double Epsilon { get; }

    public bool Targeted => AttackGoal.IsTargeted(_options.Loss);

    // The clean check and the re-scoring; per restart Steps + 1 gradients (the last scores the final iterate).
    public PassCount MaxPassesPerImage(int classCount) => new(2, (long)_options.Restarts * (_options.Steps + 1));

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, Targeted, Name);
        var count = batch.Count;
        var n = model.InputShape.Length;
        var targets = Targeted ? batch.Targets : null;
        var stepSize = _options.ResolveStepSize(Epsilon);

        var done = AttackVerification.CleanSuccess(model, batch, AttackVerification.CleanLogits(model, batch, cancellationToken), targets);
        var output = (float[])batch.Images.Clone(); // best point so far: the success, else the highest-loss point
        var bestLoss = new float[count];
        Array.Fill(bestLoss, float.NegativeInfinity);
        var x = new float[count * n];
        var evaluator = new GradientEvaluator(model, batch.Labels, targets);
        var active = new List<int>(count);

        for (var restart = 0; restart < _options.Restarts; restart++)
        {
            active.Clear();
            for (var i = 0; i < count; i++)
            {
                if (done[i])
                {
                    continue;
                }

                active.Add(i);
                var clean = batch.Images.AsSpan(i * n, n);
                var row = x.AsSpan(i * n, n);
                if (_options.RandomStart)
                {
                    var random = new AttackRandom(batch.Seeds[i], AttackStreams.Pgd, (ulong)restart);
                    PerturbationMath.RandomStart(Norm, clean, Epsilon, onBoundary: false, random, row);
                }
                else
                {
                    clean.CopyTo(row);
                }
            }

            // Steps + 1 evaluations: the last one scores the final iterate.
            for (var step = 0; step <= _options.Steps && active.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                evaluator.Evaluate(_options.Loss, x, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(active), cancellationToken);
                var kept = 0;
                for (var j = 0; j < active.Count; j++)
                {
                    var i = active[j];
                    var row = x.AsSpan(i * n, n);
                    if (AttackGoal.IsSuccess(evaluator.LogitsRow(j), batch.Labels[i], targets?[i] ?? -1, Targeted))
                    {
                        done[i] = true;
                        row.CopyTo(output.AsSpan(i * n, n));
                        continue;
                    }

                    if (evaluator.Losses[j] > bestLoss[i])
                    {
                        bestLoss[i] = evaluator.Losses[j];
                        row.CopyTo(output.AsSpan(i * n, n));
                    }

                    if (step < _options.Steps)
                    {
                        PerturbationMath.AscentStep(Norm, row, evaluator.GradientRow(j), stepSize, row);
                        PerturbationMath.Project(Norm, row, batch.Images.AsSpan(i * n, n), Epsilon);
                        active[kept++] = i;
                    }
                }

                active.RemoveRange(kept, active.Count - kept);
            }
        }

        return AttackVerification.Verify(model, batch, output, Norm, targets, null, cancellationToken);
    }
}
