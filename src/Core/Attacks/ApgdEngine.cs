using System.Runtime.InteropServices;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// One APGD run (Croce and Hein 2020, AutoAttack's attack_single_run) on a subset of a batch.
/// Everything that adapts is per image: step size (2 eps at the start), best point and its
/// gradient, the count of loss increases since the last checkpoint, and the flags of the two
/// step-halving conditions. Only the checkpoint schedule is shared, since it depends only on the
/// iteration. An image leaves the run once fooled (its first adversarial iterate is kept).
/// </summary>
/// <remarks>
/// Deviations from the reference, both documented choices: the first checkpoint counts increases
/// against the loss at the random start (the reference compares the first iterate with an unset
/// row, i.e. with 0), and fooled images stop instead of iterating on. Condition (a) uses the
/// reference's "at most rho * period increases" (the paper writes "fewer than").
/// </remarks>
internal sealed class ApgdEngine
{
    private const float Momentum = 0.75f;

    private readonly AttackNorm _norm;
    private readonly double _epsilon;
    private readonly int _iterations;
    private readonly double _rho;
    private readonly int[] _labels;
    private readonly GradientEvaluator _evaluator;
    private readonly int _n;
    private readonly float[] _x;
    private readonly float[] _xOld;
    private readonly float[] _xBest;
    private readonly float[] _grad;
    private readonly float[] _gradBest;
    private readonly float[] _z;
    private readonly double[] _step;
    private readonly float[] _lossBest;
    private readonly float[] _lossPrevious;
    private readonly float[] _lossBestLastCheck;
    private readonly bool[] _reducedLastCheck;
    private readonly int[] _increases;

    /// <param name="lossTargets">Targets handed to targeted losses; the caller may change its entries between runs.</param>
    public ApgdEngine(IGradientModel model, AttackNorm norm, double epsilon, int iterations, double rho, int[] labels, int[]? lossTargets)
    {
        _norm = norm;
        _epsilon = epsilon;
        _iterations = iterations;
        _rho = rho;
        _labels = labels;
        _evaluator = new GradientEvaluator(model, labels, lossTargets);
        var count = labels.Length;
        _n = model.InputShape.Length;
        _x = new float[count * _n];
        _xOld = new float[count * _n];
        _xBest = new float[count * _n];
        _grad = new float[count * _n];
        _gradBest = new float[count * _n];
        _z = new float[_n];
        _step = new double[count];
        _lossBest = new float[count];
        _lossPrevious = new float[count];
        _lossBestLastCheck = new float[count];
        _reducedLastCheck = new bool[count];
        _increases = new int[count];
    }

    /// <summary>
    /// Attacks <paramref name="images"/>. A fooled image gets <paramref name="fooled"/> set and its
    /// adversarial iterate written to <paramref name="output"/>; any other image's best point is
    /// written there when its loss beats <paramref name="outputLoss"/> (best over restarts).
    /// </summary>
    /// <param name="successTargets">Targets when success means "classified as the target"; null for untargeted success.</param>
    public void Run(
        AttackLoss loss,
        float[] clean,
        IReadOnlyList<int> images,
        Func<int, AttackRandom> randomFor,
        int[]? successTargets,
        bool[] fooled,
        float[] output,
        float[] outputLoss,
        CancellationToken cancellationToken)
    {
        var n = _n;
        var active = new List<int>(images);
        foreach (var i in active)
        {
            PerturbationMath.RandomStart(_norm, clean.AsSpan(i * n, n), _epsilon, onBoundary: true, randomFor(i), Row(_x, i));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _evaluator.Evaluate(loss, _x, CollectionsMarshal.AsSpan(active), cancellationToken);
        for (var j = 0; j < active.Count; j++)
        {
            var i = active[j];
            var value = _evaluator.Losses[j];
            _evaluator.GradientRow(j).CopyTo(Row(_grad, i));
            _evaluator.GradientRow(j).CopyTo(Row(_gradBest, i));
            Row(_x, i).CopyTo(Row(_xBest, i));
            Row(_x, i).CopyTo(Row(_xOld, i));
            _step[i] = 2.0 * _epsilon;
            _lossBest[i] = value;
            _lossPrevious[i] = value;
            _lossBestLastCheck[i] = value;
            _reducedLastCheck[i] = true; // condition (b) cannot fire at the first checkpoint
            _increases[i] = 0;
            if (IsSuccess(j, i, successTargets))
            {
                fooled[i] = true;
                Row(_x, i).CopyTo(Row(output, i));
            }
        }

        ActiveImages.RemoveFinished(active, fooled);
        var schedule = ApgdSchedule.For(_iterations);
        var period = schedule.FirstPeriod;
        var sinceCheck = 0;
        for (var iteration = 0; iteration < _iterations && active.Count > 0; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var a = iteration > 0 ? Momentum : 1f; // the first step has no momentum
            foreach (var i in active)
            {
                MomentumStep(clean.AsSpan(i * n, n), i, a);
            }

            _evaluator.Evaluate(loss, _x, CollectionsMarshal.AsSpan(active), cancellationToken);
            for (var j = 0; j < active.Count; j++)
            {
                var i = active[j];
                var value = _evaluator.Losses[j];
                _evaluator.GradientRow(j).CopyTo(Row(_grad, i));
                if (IsSuccess(j, i, successTargets))
                {
                    fooled[i] = true;
                    Row(_x, i).CopyTo(Row(output, i));
                }

                if (value > _lossPrevious[i])
                {
                    _increases[i]++;
                }

                _lossPrevious[i] = value;
                if (value > _lossBest[i])
                {
                    _lossBest[i] = value;
                    Row(_x, i).CopyTo(Row(_xBest, i));
                    Row(_grad, i).CopyTo(Row(_gradBest, i));
                }
            }

            if (++sinceCheck == period)
            {
                foreach (var i in active)
                {
                    Checkpoint(i, period);
                }

                period = schedule.Next(period);
                sinceCheck = 0;
            }

            ActiveImages.RemoveFinished(active, fooled);
        }

        foreach (var i in images)
        {
            if (!fooled[i] && _lossBest[i] > outputLoss[i])
            {
                outputLoss[i] = _lossBest[i];
                Row(_xBest, i).CopyTo(Row(output, i));
            }
        }
    }

    private bool IsSuccess(int j, int i, int[]? successTargets) =>
        AttackGoal.IsSuccess(_evaluator.LogitsRow(j), _labels[i], successTargets?[i] ?? -1, successTargets is not null);

    /// <summary>x(k+1) = P(x(k) + a (z(k+1) - x(k)) + (1 - a) (x(k) - x(k-1))), z(k+1) = P(x(k) + step * direction).</summary>
    private void MomentumStep(ReadOnlySpan<float> clean, int i, float a)
    {
        var x = Row(_x, i);
        var xOld = Row(_xOld, i);
        var z = _z.AsSpan();
        PerturbationMath.AscentStep(_norm, x, Row(_grad, i), _step[i], z);
        PerturbationMath.Project(_norm, z, clean, _epsilon);
        var b = 1f - a;
        for (var p = 0; p < x.Length; p++)
        {
            var current = x[p];
            var next = current + a * (z[p] - current) + b * (current - xOld[p]);
            xOld[p] = current;
            x[p] = next;
        }

        PerturbationMath.Project(_norm, x, clean, _epsilon);
    }

    /// <summary>
    /// Halves the step and restarts from the best point when (a) at most rho of the period's steps
    /// increased the loss, or (b) the step was not halved at the previous checkpoint and the best
    /// loss has not improved since then.
    /// </summary>
    private void Checkpoint(int i, int period)
    {
        var oscillating = _increases[i] <= period * _rho;
        var stalled = !_reducedLastCheck[i] && _lossBestLastCheck[i] >= _lossBest[i];
        var reduce = oscillating || stalled;
        _reducedLastCheck[i] = reduce;
        _lossBestLastCheck[i] = _lossBest[i];
        _increases[i] = 0;
        if (reduce)
        {
            _step[i] /= 2.0;
            Row(_xBest, i).CopyTo(Row(_x, i));
            Row(_gradBest, i).CopyTo(Row(_grad, i));
        }
    }

    private Span<float> Row(float[] array, int i) => array.AsSpan(i * _n, _n);
}
