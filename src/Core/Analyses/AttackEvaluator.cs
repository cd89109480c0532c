using System.Globalization;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Runs a set of bounded attacks on a chunk of images and counts, per attack and budget, the images
/// that stay correctly classified: clean-correct and not fooled (robust accuracy counts an image
/// the model already gets wrong as not robust, so only clean-correct images are attacked).
/// </summary>
/// <remarks>
/// Every image's attack randomness is seeded from (run seed, image id, attack, norm, budget), so a
/// count never depends on the chunk an image was in or on which worker ran it.
/// </remarks>
public sealed class AttackEvaluator(Func<AttackRequest, IAttack> createAttack)
{
    private readonly Dictionary<AttackRequest, IAttack> _attacks = [];

    /// <summary>
    /// Adds [images, robust] counts for <paramref name="count"/> images: the clean count under
    /// <paramref name="prefix"/> (without its trailing ';') and one count per attack and budget
    /// under <paramref name="prefix"/> + <c>attack=..;norm=..;eps=..</c>.
    /// </summary>
    public void Evaluate(
        IGradientModel model,
        ReadOnlySpan<float> pixels,
        ReadOnlySpan<int> labels,
        IReadOnlyList<string> ids,
        int count,
        long runSeed,
        AttackSetOptions set,
        ConditionCounts counts,
        string prefix,
        CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        var logits = new float[count * model.ClassCount];
        model.Score(pixels[..(count * shape.Length)], count, logits, cancellationToken);
        var correct = new List<int>();
        for (var i = 0; i < count; i++)
        {
            if (TopK.ArgMax(logits.AsSpan(i * model.ClassCount, model.ClassCount)) == labels[i])
            {
                correct.Add(i);
            }
        }

        counts.Add(prefix.TrimEnd(';'), count, correct.Count);
        var images = new float[correct.Count * shape.Length];
        var cleanLabels = new int[correct.Count];
        for (var k = 0; k < correct.Count; k++)
        {
            pixels.Slice(correct[k] * shape.Length, shape.Length).CopyTo(images.AsSpan(k * shape.Length));
            cleanLabels[k] = labels[correct[k]];
        }

        foreach (var (norm, epsilon) in set.Budgets(shape))
        {
            var survivors = Enumerable.Repeat(true, correct.Count).ToArray();
            foreach (var name in set.Attacks)
            {
                var robust = 0;
                if (correct.Count > 0)
                {
                    var request = new AttackRequest(name, norm, epsilon, set.Schedule);
                    var attack = Attack(request);
                    var epsilonText = epsilon.ToString("R", CultureInfo.InvariantCulture);
                    var seeds = correct.Select(i => SeedDerivation.Derive(runSeed, ids[i], "attack", name, AttackSetOptions.NormName(norm), epsilonText)).ToArray();
                    var result = attack.Run(model, new AttackBatch((float[])images.Clone(), cleanLabels, seeds), cancellationToken);
                    for (var k = 0; k < correct.Count; k++)
                    {
                        if (!result.Success[k])
                        {
                            robust++;
                        }
                        else
                        {
                            survivors[k] = false;
                        }
                    }
                }

                counts.Add(AttackSetOptions.Condition(name, norm, epsilon, prefix), count, robust);
            }

            if (set.Ensemble)
            {
                counts.Add(AttackSetOptions.Condition(AttackSetOptions.EnsembleName, norm, epsilon, prefix), count, survivors.Count(s => s));
            }
        }
    }

    /// <summary>
    /// The most passes <see cref="Evaluate"/> spends on one correctly classified image beyond its clean
    /// check: every attack at every budget for its whole schedule (an upper bound, see <see cref="IAttack.MaxPassesPerImage"/>).
    /// </summary>
    public PassCount MaxAttackPasses(AttackSetOptions set, ImageShape shape, int classCount)
    {
        var passes = PassCount.Zero;
        foreach (var (norm, epsilon) in set.Budgets(shape))
        {
            foreach (var name in set.Attacks)
            {
                passes += Attack(new AttackRequest(name, norm, epsilon, set.Schedule)).MaxPassesPerImage(classCount);
            }
        }

        return passes;
    }

    private IAttack Attack(AttackRequest request)
    {
        if (!_attacks.TryGetValue(request, out var attack))
        {
            attack = createAttack(request);
            _attacks[request] = attack;
        }

        return attack;
    }
}
