using CloudFreq.Core.Imaging;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Square attack (Andriushchenko et al. 2020): score-based random search that only calls
/// <see cref="Scoring.IClassifier.Score"/>. Each query changes one random square window (side from
/// the p schedule) and keeps the change when the margin loss (true logit minus the best other
/// one; for targeted runs the best other logit minus the target's) decreases. L-inf starts from
/// vertical stripes of +-eps and sets each window channel to +-eps; L2 starts from a grid of
/// pseudo-Gaussian bumps and moves perturbation mass between two windows, keeping the norm at eps.
/// Squares are drawn per image from the image's own seed. An image stops querying as soon as it
/// is fooled; per image there are at most <see cref="SquareOptions.Queries"/> attack queries plus
/// one clean and one verification query.
/// </summary>
public sealed class SquareAttack : IAttack
{
    private const int MaxRedraws = 100;
    private readonly SquareOptions _options;

    public SquareAttack(AttackNorm norm, double epsilon, SquareOptions? options = null)
    {
        _options = options ?? new SquareOptions();
        _options.Validate();
        AttackInputs.ValidateBudget(Name, epsilon);
        Norm = norm;
        Epsilon = epsilon;
    }

    public string Name => "square";

    public AttackNorm Norm { get; }

    public double Epsilon { get; }

    public bool Targeted => _options.Targeted;

    // Score-based: the clean check, Queries queries (the initialization is the first) and the re-scoring.
    public PassCount MaxPassesPerImage(int classCount) => new(_options.Queries + 2L, 0);

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, Targeted, Name);
        var shape = model.InputShape;
        var minSide = Norm == AttackNorm.L2 ? 5 : 2;
        if (shape.Height < minSide || shape.Width < minSide)
        {
            throw new ArgumentException($"square ({Norm}) needs images of at least {minSide}x{minSide} pixels; the model takes {shape}.");
        }

        var count = batch.Count;
        var n = shape.Length;
        var classes = model.ClassCount;
        var targets = Targeted ? batch.Targets : null;
        var done = AttackVerification.CleanSuccess(model, batch, AttackVerification.CleanLogits(model, batch, cancellationToken), targets);
        var output = (float[])batch.Images.Clone();
        var margins = new double[count];
        var randoms = new AttackRandom?[count];
        var candidates = new float[count * n];
        var logits = new float[count * classes];
        var workspace = new Workspace(shape);
        var active = new List<int>(count);

        // Initialization: the first query.
        for (var i = 0; i < count; i++)
        {
            if (!done[i])
            {
                randoms[i] = new AttackRandom(batch.Seeds[i], AttackStreams.Square);
                var row = candidates.AsSpan(active.Count * n, n);
                if (Norm == AttackNorm.LInf)
                {
                    InitLInf(batch.Images.AsSpan(i * n, n), shape, randoms[i]!, row);
                }
                else
                {
                    InitL2(batch.Images.AsSpan(i * n, n), shape, randoms[i]!, workspace, row);
                }

                active.Add(i);
            }
        }

        Query(model, candidates, logits, active, cancellationToken);
        for (var j = 0; j < active.Count; j++)
        {
            var i = active[j];
            candidates.AsSpan(j * n, n).CopyTo(output.AsSpan(i * n, n));
            margins[i] = Margin(logits.AsSpan(j * classes, classes), batch.Labels[i], targets?[i] ?? -1);
            done[i] = AttackGoal.IsSuccess(logits.AsSpan(j * classes, classes), batch.Labels[i], targets?[i] ?? -1, Targeted);
        }

        for (var iteration = 0; iteration < _options.Queries - 1; iteration++)
        {
            ActiveImages.RemoveFinished(active, done);
            if (active.Count == 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var p = SquareSchedule.P(_options.PInit, iteration, _options.Queries);
            for (var j = 0; j < active.Count; j++)
            {
                var i = active[j];
                var clean = batch.Images.AsSpan(i * n, n);
                var best = output.AsSpan(i * n, n);
                var candidate = candidates.AsSpan(j * n, n);
                if (Norm == AttackNorm.LInf)
                {
                    ProposeLInf(clean, best, shape, p, randoms[i]!, candidate);
                }
                else
                {
                    ProposeL2(clean, best, shape, p, randoms[i]!, workspace, candidate);
                }
            }

            Query(model, candidates, logits, active, cancellationToken);
            for (var j = 0; j < active.Count; j++)
            {
                var i = active[j];
                var row = logits.AsSpan(j * classes, classes);
                var margin = Margin(row, batch.Labels[i], targets?[i] ?? -1);
                if (margin < margins[i])
                {
                    margins[i] = margin;
                    candidates.AsSpan(j * n, n).CopyTo(output.AsSpan(i * n, n));
                    done[i] = AttackGoal.IsSuccess(row, batch.Labels[i], targets?[i] ?? -1, Targeted);
                }
            }
        }

        return AttackVerification.Verify(model, batch, output, Norm, targets, null, cancellationToken);
    }

    private static void Query(IGradientModel model, float[] candidates, float[] logits, List<int> active, CancellationToken cancellationToken)
    {
        if (active.Count > 0)
        {
            var n = model.InputShape.Length;
            model.Score(candidates.AsSpan(0, active.Count * n), active.Count, logits.AsSpan(0, active.Count * model.ClassCount), cancellationToken);
        }
    }

    /// <summary>The loss to minimize: positive while not fooled (true logit minus best other; targeted: best other minus target).</summary>
    private double Margin(ReadOnlySpan<float> logits, int label, int target)
    {
        var reference = Targeted ? target : label;
        var other = double.NegativeInfinity;
        for (var c = 0; c < logits.Length; c++)
        {
            if (c != reference)
            {
                other = Math.Max(other, logits[c]);
            }
        }

        return Targeted ? other - logits[target] : logits[label] - other;
    }

    private void InitLInf(ReadOnlySpan<float> clean, ImageShape shape, AttackRandom random, Span<float> destination)
    {
        // Vertical stripes: one +-eps per channel and column.
        var eps = (float)Epsilon;
        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            for (var x = 0; x < shape.Width; x++)
            {
                var delta = random.NextSign() * eps;
                for (var y = 0; y < shape.Height; y++)
                {
                    var k = c * plane + y * shape.Width + x;
                    destination[k] = Math.Clamp(clean[k] + delta, 0f, 1f);
                }
            }
        }
    }

    private void ProposeLInf(ReadOnlySpan<float> clean, ReadOnlySpan<float> best, ImageShape shape, double p, AttackRandom random, Span<float> candidate)
    {
        var (channels, h, w) = (shape.Channels, shape.Height, shape.Width);
        var s = (int)Math.Round(Math.Sqrt(p * shape.Length / channels));
        s = Math.Clamp(s, 1, Math.Min(h, w) - 1);
        var top = random.NextInt(h - s);
        var left = random.NextInt(w - s);
        best.CopyTo(candidate);
        var eps = (float)Epsilon;
        var plane = h * w;

        // Redraw the window's signs while they would leave the image unchanged (e.g. an overlapping earlier square).
        for (var attempt = 0; attempt < MaxRedraws; attempt++)
        {
            var changed = false;
            for (var c = 0; c < channels; c++)
            {
                var delta = random.NextSign() * eps;
                for (var y = top; y < top + s; y++)
                {
                    for (var x = left; x < left + s; x++)
                    {
                        var k = c * plane + y * w + x;
                        var value = Math.Clamp(clean[k] + delta, 0f, 1f);
                        changed |= Math.Abs(value - best[k]) >= 1e-7f;
                        candidate[k] = value;
                    }
                }
            }

            if (changed)
            {
                break;
            }
        }
    }

    private void InitL2(ReadOnlySpan<float> clean, ImageShape shape, AttackRandom random, Workspace workspace, Span<float> destination)
    {
        var (channels, h, w) = (shape.Channels, shape.Height, shape.Width);
        var delta = workspace.Delta;
        Array.Clear(delta);
        var s = Math.Min(h, w) / 5;
        var pattern = workspace.Pattern(s);
        var plane = h * w;
        for (int by = 0, top = (h - 5 * s) / 2; by < h / s; by++, top += s)
        {
            for (int bx = 0, left = (w - 5 * s) / 2; bx < w / s; bx++, left += s)
            {
                var transpose = random.NextDouble() > 0.5;
                for (var c = 0; c < channels; c++)
                {
                    var sign = random.NextSign();
                    for (var y = top; y < Math.Min(top + s, h); y++)
                    {
                        for (var x = left; x < Math.Min(left + s, w); x++)
                        {
                            var (py, px) = transpose ? (x - left, y - top) : (y - top, x - left);
                            delta[c * plane + y * w + x] += sign * pattern[py * s + px];
                        }
                    }
                }
            }
        }

        ScaleToBudget(clean, delta, destination);
    }

    private void ProposeL2(ReadOnlySpan<float> clean, ReadOnlySpan<float> best, ImageShape shape, double p, AttackRandom random, Workspace workspace, Span<float> candidate)
    {
        var (channels, h, w) = (shape.Channels, shape.Height, shape.Width);
        var s = Math.Max((int)Math.Round(Math.Sqrt(p * shape.Length / channels)), 3);
        if (s % 2 == 0)
        {
            s++;
        }

        s = Math.Min(s, Math.Min(h, w) - 1);
        var top = random.NextInt(h - s);
        var left = random.NextInt(w - s);
        var top2 = random.NextInt(h - s);
        var left2 = random.NextInt(w - s);

        var delta = workspace.Delta;
        var imageNormSquared = 0.0;
        for (var k = 0; k < delta.Length; k++)
        {
            delta[k] = (double)best[k] - clean[k];
            imageNormSquared += delta[k] * delta[k];
        }

        var pattern = workspace.Pattern(s);
        var transpose = random.NextDouble() > 0.5;
        var update = workspace.Window(s);
        var plane = h * w;
        var eps2 = Epsilon * Epsilon;
        for (var c = 0; c < channels; c++)
        {
            var offset = c * plane;
            var windowSquared = 0.0;
            var unionSquared = 0.0;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var in1 = InWindow(y, x, top, left, s);
                    if (in1 || InWindow(y, x, top2, left2, s))
                    {
                        var d = delta[offset + y * w + x];
                        unionSquared += d * d;
                        if (in1)
                        {
                            windowSquared += d * d;
                        }
                    }
                }
            }

            // New window content: a fresh signed bump plus the old content rescaled to unit norm, with the
            // window pair's mass (plus this channel's share of any unused budget) moved into window 1.
            var sign = random.NextSign();
            var oldScale = 1.0 / (1e-10 + Math.Sqrt(windowSquared));
            var updateSquared = 0.0;
            for (var y = 0; y < s; y++)
            {
                for (var x = 0; x < s; x++)
                {
                    var bump = transpose ? pattern[x * s + y] : pattern[y * s + x];
                    var value = bump * sign + delta[offset + (top + y) * w + left + x] * oldScale;
                    update[y * s + x] = value;
                    updateSquared += value * value;
                }
            }

            var target = Math.Sqrt(Math.Max(eps2 - imageNormSquared, 0) / channels + unionSquared);
            var scale = target / Math.Max(Math.Sqrt(updateSquared), 1e-300);
            for (var y = top2; y < top2 + s; y++)
            {
                delta.AsSpan(offset + y * w + left2, s).Clear();
            }

            for (var y = 0; y < s; y++)
            {
                for (var x = 0; x < s; x++)
                {
                    delta[offset + (top + y) * w + left + x] = update[y * s + x] * scale;
                }
            }
        }

        ScaleToBudget(clean, delta, candidate);
    }

    private static bool InWindow(int y, int x, int top, int left, int s) => y >= top && y < top + s && x >= left && x < left + s;

    /// <summary>destination = clip(clean + delta * eps / ||delta||, 0, 1).</summary>
    private void ScaleToBudget(ReadOnlySpan<float> clean, double[] delta, Span<float> destination)
    {
        var sum = 0.0;
        foreach (var d in delta)
        {
            sum += d * d;
        }

        var scale = sum > 0 ? Epsilon / Math.Sqrt(sum) : 0.0;
        for (var k = 0; k < delta.Length; k++)
        {
            var value = (float)(clean[k] + delta[k] * scale);
            destination[k] = Math.Clamp(value, 0f, 1f);
        }

        // float rounding of clean + delta can leave the sphere by an ulp.
        PerturbationMath.Project(AttackNorm.L2, destination, clean, Epsilon);
    }

    /// <summary>Scratch buffers of one run, reused by every image (images are proposed one after another).</summary>
    private sealed class Workspace(ImageShape shape)
    {
        private readonly Dictionary<int, double[]> _patterns = [];
        private double[] _window = [];

        public double[] Delta { get; } = new double[shape.Length];

        public double[] Pattern(int s)
        {
            if (!_patterns.TryGetValue(s, out var pattern))
            {
                pattern = SquareSchedule.MetaPattern(s);
                _patterns[s] = pattern;
            }

            return pattern;
        }

        public double[] Window(int s)
        {
            if (_window.Length < s * s)
            {
                _window = new double[s * s];
            }

            return _window;
        }
    }
}
