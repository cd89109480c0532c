using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Emits an <see cref="AttackLoss"/> on the logits z [N, K] and its exact gradient dL/dz [N, K],
/// both as ONNX nodes, written by hand. y and t are one-hot rows of the labels and targets,
/// m = max_{i != y} z_i (ReduceMax after Where puts -FLT_MAX on the masked class) with gradient a,
/// the one-hot of its first arg-max; pi are TopK's sorted logits.
/// </summary>
/// <remarks>
/// CE: -sum(y log softmax z), grad softmax z - y. Targeted CE: sum(t log softmax z), grad t - softmax z.
/// Margin: m - z_y, grad a - y. Targeted margin: z_t - max_{i != t} z_i, grad t - a.
/// DLR family: L = u / D with u the numerator and D = sum_j w_j pi_j + 1e-12; by the quotient rule
/// dL/dz = (du - L dD) / D, where dD = sum_j w_j onehot(index of pi_j). DLR: u = m - z_y,
/// w = (1, 0, -1); targeted DLR: u = z_t - z_y, w = (1, 0, -1/2, -1/2).
/// </remarks>
internal static class LossHead
{
    private const float Epsilon = 1e-12f;

    /// <summary>Emits the head; returns the per-image loss [N] and dL/dz [N, K].</summary>
    public static (string Loss, string LogitGrad) Emit(
        GradientEmitter e, AttackLoss loss, string logits, int classes, string labels, string? targets)
    {
        if (classes < loss.MinimumClasses())
        {
            throw new CloudFreqException(
                $"{e.Where}: the loss {loss} needs at least {loss.MinimumClasses()} classes; the logits have {classes}.");
        }

        var ops = new LossHeadOps(e, classes);
        var labelColumn = ops.Unsqueeze(labels, 1);
        var targetColumn = targets is null ? null : ops.Unsqueeze(targets, 1);
        string Target() => targetColumn ?? throw new InvalidOperationException($"{loss} needs the targets input.");

        var (lossColumn, grad) = loss switch
        {
            AttackLoss.CrossEntropy => CrossEntropy(ops, logits, labelColumn, sign: -1f),
            AttackLoss.TargetedCrossEntropy => CrossEntropy(ops, logits, Target(), sign: 1f),
            AttackLoss.Margin => Margin(ops, logits, up: null, down: labelColumn),
            AttackLoss.TargetedMargin => Margin(ops, logits, up: Target(), down: null),
            AttackLoss.Dlr => Dlr(ops, logits, labelColumn, target: null),
            AttackLoss.TargetedDlr => Dlr(ops, logits, labelColumn, Target()),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss"),
        };

        // [N, 1] -> [N]: the loss output has one value per image.
        return (e.Op("Reshape", [lossColumn, e.Int64Vector(-1)]), grad);
    }

    /// <summary>sign * sum(onehot * log softmax z); gradient sign * (onehot - softmax z).</summary>
    private static (string Loss, string Grad) CrossEntropy(LossHeadOps ops, string z, string classColumn, float sign)
    {
        var e = ops.Emitter;
        var onehot = ops.OneHot(classColumn);
        var logSoftmax = e.Op("LogSoftmax", [z], GradientEmitter.Int("axis", 1));
        var softmax = e.Op("Softmax", [z], GradientEmitter.Int("axis", 1));
        var picked = ops.RowSum(ops.Mul(onehot, logSoftmax));
        return sign < 0
            ? (ops.Neg(picked), ops.Sub(softmax, onehot))
            : (picked, ops.Sub(onehot, softmax));
    }

    /// <summary>
    /// Margin: max_{i != down} z_i - z_down (untargeted, up is null), or z_up - max_{i != up} z_i
    /// (targeted, down is null), with the gradient of each term.
    /// </summary>
    private static (string Loss, string Grad) Margin(LossHeadOps ops, string z, string? up, string? down)
    {
        var masked = up ?? down!;
        var (others, othersGrad) = MaxExcept(ops, z, masked);
        var onehot = ops.OneHot(masked);
        var picked = ops.RowSum(ops.Mul(onehot, z));
        return up is null
            ? (ops.Sub(others, picked), ops.Sub(othersGrad, onehot))
            : (ops.Sub(picked, others), ops.Sub(onehot, othersGrad));
    }

    /// <summary>-(z_y - max_{i != y} z_i) / (pi_1 - pi_3 + eps), or -(z_y - z_t) / (pi_1 - (pi_3 + pi_4) / 2 + eps).</summary>
    private static (string Loss, string Grad) Dlr(LossHeadOps ops, string z, string label, string? target)
    {
        var labelHot = ops.OneHot(label);
        var zy = ops.RowSum(ops.Mul(labelHot, z));
        string numerator, numeratorGrad;
        float[] weights;
        if (target is null)
        {
            var (others, othersGrad) = MaxExcept(ops, z, label);
            numerator = ops.Sub(others, zy);
            numeratorGrad = ops.Sub(othersGrad, labelHot);
            weights = [1f, 0f, -1f];
        }
        else
        {
            var targetHot = ops.OneHot(target);
            numerator = ops.Sub(ops.RowSum(ops.Mul(targetHot, z)), zy);
            numeratorGrad = ops.Sub(targetHot, labelHot);
            weights = [1f, 0f, -0.5f, -0.5f];
        }

        var k = weights.Length;
        var (sorted, indices) = ops.TopK(z, k);
        var denominator = ops.Add(
            ops.RowSum(ops.Mul(sorted, ops.FloatTensor(weights, k))),
            ops.Emitter.FloatScalar(Epsilon));

        // dD/dz: the weights scattered to the classes that hold pi_1..pi_k ([N, k, K] summed over k).
        var sortedHot = ops.OneHot(ops.Unsqueeze(indices, 2));
        var denominatorGrad = ops.Sum(ops.Mul(sortedHot, ops.FloatTensor(weights, k, 1)), axis: 1, keepDims: false);

        var value = ops.Div(numerator, denominator);
        var grad = ops.Div(ops.Sub(numeratorGrad, ops.Mul(value, denominatorGrad)), denominator);
        return (value, grad);
    }

    /// <summary>max_{i != c} z_i as [N, 1], and its gradient (one-hot of the arg-max) as [N, K].</summary>
    private static (string Value, string Grad) MaxExcept(LossHeadOps ops, string z, string classColumn)
    {
        var e = ops.Emitter;
        var masked = e.Op("Where", [ops.OneHotMask(classColumn), e.FloatScalar(-float.MaxValue), z]);
        return (ops.RowMax(masked), ops.ArgMaxOneHot(masked));
    }
}
