using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>The attack losses computed in float64 from logits, straight from their definitions.</summary>
internal static class ReferenceLosses
{
    public static double Loss(AttackLoss loss, ReadOnlySpan<float> logits, int label, int target)
    {
        var z = logits.ToArray().Select(v => (double)v).ToArray();
        var sorted = z.OrderByDescending(v => v).ToArray();
        double MaxExcept(int skip) => z.Where((_, i) => i != skip).Max();
        double LogSoftmax(int i)
        {
            var max = z.Max();
            return z[i] - max - Math.Log(z.Sum(v => Math.Exp(v - max)));
        }

        return loss switch
        {
            AttackLoss.CrossEntropy => -LogSoftmax(label),
            AttackLoss.TargetedCrossEntropy => LogSoftmax(target),
            AttackLoss.Margin => MaxExcept(label) - z[label],
            AttackLoss.TargetedMargin => z[target] - MaxExcept(target),
            AttackLoss.Dlr => -(z[label] - MaxExcept(label)) / (sorted[0] - sorted[2] + 1e-12),
            AttackLoss.TargetedDlr => -(z[label] - z[target]) / (sorted[0] - ((sorted[2] + sorted[3]) / 2) + 1e-12),
            _ => throw new ArgumentOutOfRangeException(nameof(loss)),
        };
    }
}
