using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>Batches and attack lists shared by the attack tests.</summary>
internal static class AttackFixtures
{
    public static readonly ImageShape Shape = new(3, 8, 8);

    /// <summary>Random images in [lo, hi], labelled with the model's own prediction (so clean accuracy is 100%).</summary>
    public static AttackBatch Batch(IGradientModel model, int count, int seed, float lo = 0.2f, float hi = 0.8f, Func<float[], int, bool>? accept = null)
    {
        var random = new Random(seed);
        var n = model.InputShape.Length;
        var images = new float[count * n];
        var labels = new int[count];
        var logits = new float[model.ClassCount];
        var row = new float[n];
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                for (var k = 0; k < n; k++)
                {
                    row[k] = lo + (hi - lo) * (float)random.NextDouble();
                }

                model.Score(row, 1, logits);
                var label = AttackGoalArgMax(logits);
                if (accept is null || accept(row, label))
                {
                    row.CopyTo(images, i * n);
                    labels[i] = label;
                    break;
                }
            }
        }

        var seeds = Enumerable.Range(0, count).Select(i => (ulong)(seed * 1000 + i + 17)).ToArray();
        if (model is ClosedFormModel counted)
        {
            counted.ScoreRows = 0;
            counted.GradientRows = 0;
        }

        return new AttackBatch(images, labels, seeds);
    }

    /// <summary>The rows <paramref name="order"/> of a batch, as a new batch.</summary>
    public static AttackBatch Select(AttackBatch batch, int n, params int[] order)
    {
        var images = new float[order.Length * n];
        for (var j = 0; j < order.Length; j++)
        {
            batch.Images.AsSpan(order[j] * n, n).CopyTo(images.AsSpan(j * n, n));
        }

        return new AttackBatch(
            images,
            order.Select(i => batch.Labels[i]).ToArray(),
            order.Select(i => batch.Seeds[i]).ToArray(),
            batch.Targets is null ? null : order.Select(i => batch.Targets[i]).ToArray());
    }

    /// <summary>Every attack with short schedules, for tests that cover them all.</summary>
    public static IEnumerable<IAttack> ShortAttacks(AttackNorm norm, double epsilon)
    {
        yield return new FgsmAttack(norm, epsilon);
        yield return new PgdAttack(norm, epsilon, new PgdOptions { Steps = 10, Restarts = 2 });
        yield return new ApgdAttack(norm, epsilon, AttackLoss.CrossEntropy, new ApgdOptions { Iterations = 20 });
        yield return new ApgdAttack(norm, epsilon, AttackLoss.Dlr, new ApgdOptions { Iterations = 20, Restarts = 2 });
        yield return new ApgdTargetedAttack(norm, epsilon, new ApgdTargetedOptions { Iterations = 10, TargetClasses = 3 });
        yield return new SquareAttack(norm, epsilon, new SquareOptions { Queries = 200 });
        yield return new EnsembleAttack([
            new ApgdAttack(norm, epsilon, AttackLoss.CrossEntropy, new ApgdOptions { Iterations = 10 }),
            new SquareAttack(norm, epsilon, new SquareOptions { Queries = 100 })]);
    }

    public static int AttackGoalArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var c = 1; c < logits.Length; c++)
        {
            if (logits[c] > logits[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Norm of (a - b) in double.</summary>
    public static double Distance(AttackNorm norm, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var result = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var d = Math.Abs((double)a[k] - b[k]);
            result = norm == AttackNorm.LInf ? Math.Max(result, d) : result + d * d;
        }

        return norm == AttackNorm.LInf ? result : Math.Sqrt(result);
    }
}
