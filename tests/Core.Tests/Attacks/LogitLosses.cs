using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>The six attack losses and their exact gradients with respect to the logits, in double.</summary>
internal static class LogitLosses
{
    /// <summary>Returns the loss and writes d loss / d logits into <paramref name="dLogits"/>.</summary>
    public static double Compute(AttackLoss loss, ReadOnlySpan<double> z, int label, int target, Span<double> dLogits)
    {
        dLogits.Clear();
        var classes = z.Length;
        switch (loss)
        {
            case AttackLoss.CrossEntropy:
            case AttackLoss.TargetedCrossEntropy:
            {
                var max = double.NegativeInfinity;
                foreach (var v in z)
                {
                    max = Math.Max(max, v);
                }

                var sum = 0.0;
                foreach (var v in z)
                {
                    sum += Math.Exp(v - max);
                }

                var logSumExp = max + Math.Log(sum);
                var sign = loss == AttackLoss.CrossEntropy ? 1.0 : -1.0;
                var k = loss == AttackLoss.CrossEntropy ? label : target;
                for (var c = 0; c < classes; c++)
                {
                    dLogits[c] = sign * Math.Exp(z[c] - logSumExp);
                }

                dLogits[k] -= sign;
                return sign * (logSumExp - z[k]);
            }

            case AttackLoss.Margin:
            {
                var other = BestOther(z, label);
                dLogits[other] = 1;
                dLogits[label] = -1;
                return z[other] - z[label];
            }

            case AttackLoss.TargetedMargin:
            {
                var other = BestOther(z, target);
                dLogits[target] = 1;
                dLogits[other] = -1;
                return z[target] - z[other];
            }

            case AttackLoss.Dlr:
            {
                var sorted = SortedIndices(z);
                var other = BestOther(z, label);
                var u = z[label] - z[other];
                var d = z[sorted[0]] - z[sorted[2]] + 1e-12;
                dLogits[label] += -1 / d;
                dLogits[other] += 1 / d;
                dLogits[sorted[0]] += u / (d * d);
                dLogits[sorted[2]] -= u / (d * d);
                return -u / d;
            }

            case AttackLoss.TargetedDlr:
            {
                var sorted = SortedIndices(z);
                var u = z[label] - z[target];
                var d = z[sorted[0]] - (z[sorted[2]] + z[sorted[3]]) / 2 + 1e-12;
                dLogits[label] += -1 / d;
                dLogits[target] += 1 / d;
                dLogits[sorted[0]] += u / (d * d);
                dLogits[sorted[2]] -= 0.5 * u / (d * d);
                dLogits[sorted[3]] -= 0.5 * u / (d * d);
                return -u / d;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(loss));
        }
    }

    private static int BestOther(ReadOnlySpan<double> z, int excluded)
    {
        var best = -1;
        for (var c = 0; c < z.Length; c++)
        {
            if (c != excluded && (best < 0 || z[c] > z[best]))
            {
                best = c;
            }
        }

        return best;
    }

    private static int[] SortedIndices(ReadOnlySpan<double> z)
    {
        var values = z.ToArray();
        return Enumerable.Range(0, values.Length).OrderByDescending(c => values[c]).ThenBy(c => c).ToArray();
    }
}
