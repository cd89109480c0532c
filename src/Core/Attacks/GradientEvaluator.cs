namespace CloudFreq.Core.Attacks;

/// <summary>
/// Runs <see cref="IGradientModel.LossGradient"/> on the still-active images of a batch in one
/// call: their rows are gathered into compact buffers (allocated once per attack run), so fooled
/// images cost nothing and the model still sees one batch.
/// </summary>
internal sealed class GradientEvaluator
{
    private readonly IGradientModel _model;
    private readonly int[] _labels;
    private readonly int[]? _targets;
    private readonly float[] _images;
    private readonly int[] _activeLabels;
    private readonly int[] _activeTargets;

    public GradientEvaluator(IGradientModel model, int[] labels, int[]? targets)
    {
        _model = model;
        _labels = labels;
        _targets = targets;
        var count = labels.Length;
        ImageLength = model.InputShape.Length;
        ClassCount = model.ClassCount;
        _images = new float[count * ImageLength];
        _activeLabels = new int[count];
        _activeTargets = new int[count];
        Logits = new float[count * ClassCount];
        Losses = new float[count];
        Gradients = new float[count * ImageLength];
    }

    public int ImageLength { get; }

    public int ClassCount { get; }

    /// <summary>Logits of active image j at row j.</summary>
    public float[] Logits { get; }

    /// <summary>Loss of active image j at j.</summary>
    public float[] Losses { get; }

    /// <summary>Gradient of active image j at row j.</summary>
    public float[] Gradients { get; }

    public Span<float> LogitsRow(int j) => Logits.AsSpan(j * ClassCount, ClassCount);

    public Span<float> GradientRow(int j) => Gradients.AsSpan(j * ImageLength, ImageLength);

    /// <summary>Evaluates <paramref name="loss"/> at the rows <paramref name="active"/> of <paramref name="images"/> (full-batch layout).</summary>
    public void Evaluate(AttackLoss loss, ReadOnlySpan<float> images, ReadOnlySpan<int> active, CancellationToken cancellationToken)
    {
        var m = active.Length;
        if (m == 0)
        {
            return;
        }

        var n = ImageLength;
        for (var j = 0; j < m; j++)
        {
            var i = active[j];
            images.Slice(i * n, n).CopyTo(_images.AsSpan(j * n, n));
            _activeLabels[j] = _labels[i];
            _activeTargets[j] = _targets is null ? 0 : _targets[i];
        }

        ReadOnlySpan<int> targets = AttackGoal.IsTargeted(loss) ? _activeTargets.AsSpan(0, m) : [];
        _model.LossGradient(
            loss,
            _images.AsSpan(0, m * n),
            _activeLabels.AsSpan(0, m),
            targets,
            m,
            Logits.AsSpan(0, m * ClassCount),
            Losses.AsSpan(0, m),
            Gradients.AsSpan(0, m * n),
            cancellationToken);
    }
}
