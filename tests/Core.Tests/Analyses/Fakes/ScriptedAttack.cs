using CloudFreq.Core.Attacks;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Tests.Analyses.Fakes;

/// <summary>
/// An attack whose outcome is known in advance: it moves pixel 0 of each image toward the other
/// class by the budget (L-inf: eps; min-perturbation: exactly across the threshold plus a margin)
/// and adds a fixed pattern elsewhere; success is re-scored with the model, like real attacks.
/// Records into <c>seen</c> every (request, first pixel, seed, target) it was given.
/// </summary>
internal sealed class ScriptedAttack(AttackRequest request, List<(AttackRequest Request, float Pixel0, ulong Seed, int? Target)> seen, float[]? pattern = null) : IAttack
{
    public string Name => request.Name;

    public AttackNorm Norm => request.Norm;

    public double Epsilon => request.Epsilon;

    public bool Targeted => request.Targeted;

    // It re-scores its result once, like real attacks; it takes no gradients.
    public PassCount MaxPassesPerImage(int classCount) => new(1, 0);

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        var length = model.InputShape.Length;
        var adversarial = (float[])batch.Images.Clone();
        var norms = new double[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var image = adversarial.AsSpan(i * length, length);
            lock (seen)
            {
                seen.Add((request, image[0], batch.Seeds[i], batch.Targets?[i]));
            }

            var toward = batch.Labels[i] == 1 ? -1f : 1f;
            var step = double.IsPositiveInfinity(request.Epsilon) ? Math.Abs(image[0] - 0.5f) + 0.01f : (float)request.Epsilon;
            image[0] = Math.Clamp(image[0] + (toward * step), 0f, 1f);
            if (pattern is not null)
            {
                for (var j = 1; j < length; j++)
                {
                    image[j] = Math.Clamp(image[j] + (step * pattern[j]), 0f, 1f);
                }
            }

            norms[i] = step;
        }

        var logits = new float[batch.Count * model.ClassCount];
        model.Score(adversarial, batch.Count, logits);
        var predicted = new int[batch.Count];
        var success = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            predicted[i] = logits[2 * i] >= logits[(2 * i) + 1] ? 0 : 1;
            success[i] = predicted[i] != batch.Labels[i];
        }

        return new AttackResult(adversarial, predicted, success, norms);
    }
}
