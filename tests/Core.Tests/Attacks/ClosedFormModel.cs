using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>
/// A pure C# <see cref="IGradientModel"/> with an exact backward pass, computed per image in double
/// (so an image's outputs never depend on its batch). Counts the rows it scores and records the
/// targets it is asked about, for tests of query budgets and target order.
/// </summary>
internal abstract class ClosedFormModel(ImageShape shape, int classes) : IGradientModel
{
    public ImageShape InputShape { get; } = shape;

    public int ClassCount { get; } = classes;

    public int BatchSize => 64;

    /// <summary>Rows passed to <see cref="Score"/> so far.</summary>
    public long ScoreRows { get; set; }

    /// <summary>Rows passed to <see cref="LossGradient"/> so far.</summary>
    public long GradientRows { get; set; }

    /// <summary>(loss, target) of every row passed to <see cref="LossGradient"/> with a targeted loss.</summary>
    public List<(AttackLoss Loss, int Target)> TargetLog { get; } = [];

    /// <summary>Logits of one image.</summary>
    public abstract void Forward(ReadOnlySpan<float> image, Span<double> logits);

    /// <summary>d loss / d image given d loss / d logits, for one image.</summary>
    public abstract void Backward(ReadOnlySpan<float> image, ReadOnlySpan<double> dLogits, Span<float> gradient);

    public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
    {
        ScoreRows += count;
        var n = InputShape.Length;
        Span<double> z = stackalloc double[ClassCount];
        for (var i = 0; i < count; i++)
        {
            Forward(images.Slice(i * n, n), z);
            for (var c = 0; c < ClassCount; c++)
            {
                logits[i * ClassCount + c] = (float)z[c];
            }
        }
    }

    public virtual void LossGradient(
        AttackLoss loss,
        ReadOnlySpan<float> images,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<int> targets,
        int count,
        Span<float> logits,
        Span<float> losses,
        Span<float> gradients,
        CancellationToken cancellationToken = default)
    {
        GradientRows += count;
        var n = InputShape.Length;
        var z = new double[ClassCount];
        var dz = new double[ClassCount];
        var targeted = loss is AttackLoss.TargetedCrossEntropy or AttackLoss.TargetedMargin or AttackLoss.TargetedDlr;
        for (var i = 0; i < count; i++)
        {
            var image = images.Slice(i * n, n);
            Forward(image, z);
            var target = targeted ? targets[i] : -1;
            if (targeted)
            {
                TargetLog.Add((loss, target));
            }

            losses[i] = (float)LogitLosses.Compute(loss, z, labels[i], target, dz);
            for (var c = 0; c < ClassCount; c++)
            {
                logits[i * ClassCount + c] = (float)z[c];
            }

            Backward(image, dz, gradients.Slice(i * n, n));
        }
    }
}

/// <summary>Multinomial linear classifier: logits = W x + b.</summary>
internal sealed class LinearModel : ClosedFormModel
{
    public LinearModel(ImageShape shape, double[,] weights, double[] bias)
        : base(shape, bias.Length)
    {
        Weights = weights;
        Bias = bias;
    }

    public double[,] Weights { get; }

    public double[] Bias { get; }

    /// <summary>Gaussian weights with standard deviation <paramref name="scale"/>, zero bias.</summary>
    public static LinearModel Random(ImageShape shape, int classes, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var w = new double[classes, shape.Length];
        for (var c = 0; c < classes; c++)
        {
            for (var k = 0; k < shape.Length; k++)
            {
                w[c, k] = scale * Gaussian(random);
            }
        }

        return new LinearModel(shape, w, new double[classes]);
    }

    public override void Forward(ReadOnlySpan<float> image, Span<double> logits)
    {
        for (var c = 0; c < ClassCount; c++)
        {
            var sum = Bias[c];
            for (var k = 0; k < image.Length; k++)
            {
                sum += Weights[c, k] * image[k];
            }

            logits[c] = sum;
        }
    }

    public override void Backward(ReadOnlySpan<float> image, ReadOnlySpan<double> dLogits, Span<float> gradient)
    {
        for (var k = 0; k < gradient.Length; k++)
        {
            var sum = 0.0;
            for (var c = 0; c < ClassCount; c++)
            {
                sum += Weights[c, k] * dLogits[c];
            }

            gradient[k] = (float)sum;
        }
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>Two-layer ReLU network with hand-written backprop: logits = W2 relu(W1 x + b1) + b2.</summary>
internal sealed class ReluNetModel : ClosedFormModel
{
    private readonly double[,] _w1;
    private readonly double[] _b1;
    private readonly double[,] _w2;
    private readonly double[] _b2;

    public ReluNetModel(ImageShape shape, int hidden, int classes, int seed)
        : base(shape, classes)
    {
        var random = new Random(seed);
        var d = shape.Length;
        _w1 = new double[hidden, d];
        _b1 = new double[hidden];
        _w2 = new double[classes, hidden];
        _b2 = new double[classes];
        for (var h = 0; h < hidden; h++)
        {
            for (var k = 0; k < d; k++)
            {
                _w1[h, k] = LinearModel.Gaussian(random) * 3 / Math.Sqrt(d);
            }

            _b1[h] = LinearModel.Gaussian(random) * 0.5;
        }

        for (var c = 0; c < classes; c++)
        {
            for (var h = 0; h < hidden; h++)
            {
                _w2[c, h] = LinearModel.Gaussian(random) * 2 / Math.Sqrt(hidden);
            }
        }
    }

    private int Hidden => _b1.Length;

    public override void Forward(ReadOnlySpan<float> image, Span<double> logits)
    {
        Span<double> hidden = stackalloc double[Hidden];
        PreActivations(image, hidden);
        for (var c = 0; c < ClassCount; c++)
        {
            var sum = _b2[c];
            for (var h = 0; h < Hidden; h++)
            {
                sum += _w2[c, h] * Math.Max(hidden[h], 0);
            }

            logits[c] = sum;
        }
    }

    public override void Backward(ReadOnlySpan<float> image, ReadOnlySpan<double> dLogits, Span<float> gradient)
    {
        Span<double> pre = stackalloc double[Hidden];
        PreActivations(image, pre);
        Span<double> dPre = stackalloc double[Hidden];
        for (var h = 0; h < Hidden; h++)
        {
            var sum = 0.0;
            for (var c = 0; c < ClassCount; c++)
            {
                sum += _w2[c, h] * dLogits[c];
            }

            dPre[h] = pre[h] > 0 ? sum : 0;
        }

        for (var k = 0; k < gradient.Length; k++)
        {
            var sum = 0.0;
            for (var h = 0; h < Hidden; h++)
            {
                sum += _w1[h, k] * dPre[h];
            }

            gradient[k] = (float)sum;
        }
    }

    private void PreActivations(ReadOnlySpan<float> image, Span<double> pre)
    {
        for (var h = 0; h < Hidden; h++)
        {
            var sum = _b1[h];
            for (var k = 0; k < image.Length; k++)
            {
                sum += _w1[h, k] * image[k];
            }

            pre[h] = sum;
        }
    }
}
