using System.Numerics;
using System.Numerics.Tensors;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// Per-image vector operations shared by the attacks: norms, steepest-ascent directions and the
/// projection onto the norm ball around the clean image intersected with the [0,1] box.
/// </summary>
internal static class PerturbationMath
{
    /// <summary>Added to norms before dividing, as the reference implementations do.</summary>
    public const double NormFloor = 1e-12;

    /// <summary>||a - b|| in <paramref name="norm"/>, accumulated in double.</summary>
    public static double Distance(AttackNorm norm, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (norm == AttackNorm.LInf)
        {
            var max = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
            }

            return max;
        }

        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Euclidean norm in double.</summary>
    public static double L2(ReadOnlySpan<float> v)
    {
        var sum = 0.0;
        foreach (var x in v)
        {
            sum += (double)x * x;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Sum of absolute values in double.</summary>
    public static double L1(ReadOnlySpan<float> v)
    {
        var sum = 0.0;
        foreach (var x in v)
        {
            sum += Math.Abs(x);
        }

        return sum;
    }

    /// <summary>
    /// destination = x + step * direction(gradient): the sign for L-inf, the unit-L2 gradient for L2
    /// (the steepest ascent direction of each norm).
    /// </summary>
    public static void AscentStep(AttackNorm norm, ReadOnlySpan<float> x, ReadOnlySpan<float> gradient, double step, Span<float> destination)
    {
        if (norm == AttackNorm.LInf)
        {
            SignStep(x, gradient, (float)step, destination);
            return;
        }

        var scale = (float)(step / (L2(gradient) + NormFloor));
        TensorPrimitives.MultiplyAdd(gradient, scale, x, destination);
    }

    /// <summary>Clips <paramref name="x"/> to [0,1] in place.</summary>
    public static void ClipUnit(Span<float> x)
    {
        TensorPrimitives.Max(x, 0f, x);
        TensorPrimitives.Min(x, 1f, x);
    }

    /// <summary>
    /// Projects <paramref name="x"/> in place onto {||x - clean|| &lt;= eps} and then onto [0,1].
    /// The box clip never increases any coordinate's distance to the clean image (which is in
    /// [0,1]), so the result lies in the intersection.
    /// </summary>
    public static void Project(AttackNorm norm, Span<float> x, ReadOnlySpan<float> clean, double epsilon)
    {
        if (norm == AttackNorm.LInf)
        {
            ClampToCube(x, clean, (float)epsilon);
            return;
        }

        var distance = Distance(AttackNorm.L2, x, clean);
        if (distance > epsilon)
        {
            var factor = (float)(epsilon / distance);
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = clean[i] + (x[i] - clean[i]) * factor;
            }
        }

        ClipUnit(x);
    }

    /// <summary>
    /// A random start around <paramref name="clean"/>, clipped to [0,1]. Inside the ball (PGD, Madry
    /// et al.): L-inf uniform in the cube, L2 a Gaussian direction with a radius uniform in [0, eps].
    /// On the boundary (AutoAttack's APGD): L-inf uniform noise rescaled so its largest magnitude is
    /// eps, L2 a Gaussian direction of length eps.
    /// </summary>
    public static void RandomStart(AttackNorm norm, ReadOnlySpan<float> clean, double epsilon, bool onBoundary, AttackRandom random, Span<float> destination)
    {
        var n = clean.Length;
        if (norm == AttackNorm.LInf)
        {
            var max = 0.0;
            for (var i = 0; i < n; i++)
            {
                var t = 2.0 * random.NextDouble() - 1.0;
                destination[i] = (float)t;
                max = Math.Max(max, Math.Abs(t));
            }

            var scale = (float)(onBoundary ? epsilon / (max + NormFloor) : epsilon);
            for (var i = 0; i < n; i++)
            {
                destination[i] = clean[i] + destination[i] * scale;
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                destination[i] = (float)random.NextGaussian();
            }

            var radius = onBoundary ? epsilon : epsilon * random.NextDouble();
            var scale = (float)(radius / (L2(destination) + NormFloor));
            TensorPrimitives.MultiplyAdd(destination, scale, clean, destination);
        }

        // Rounding of clean + noise may leave the ball by an ulp; the projection also clips to [0,1].
        Project(norm, destination, clean, epsilon);
    }

    // x + s * sign(g), with sign(0) = 0 so a zero gradient leaves the pixel; SIMD because on small
    // models this arithmetic costs as much as the model's backward pass (bench: pgd-step).
    private static void SignStep(ReadOnlySpan<float> x, ReadOnlySpan<float> gradient, float s, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var up = new Vector<float>(s);
            var down = new Vector<float>(-s);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(gradient[i..]);
                var delta = Vector.ConditionalSelect(
                    Vector.GreaterThan(g, Vector<float>.Zero), up, Vector.ConditionalSelect(Vector.LessThan(g, Vector<float>.Zero), down, Vector<float>.Zero));
                (new Vector<float>(x[i..]) + delta).CopyTo(destination[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            var g = gradient[i];
            destination[i] = g > 0 ? x[i] + s : g < 0 ? x[i] - s : x[i];
        }
    }

    // clamp(clamp(x, clean - eps, clean + eps), 0, 1), element by element.
    private static void ClampToCube(Span<float> x, ReadOnlySpan<float> clean, float eps)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<float>(eps);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var c = new Vector<float>(clean[i..]);
                var v = Vector.Min(Vector.Max(new Vector<float>(x[i..]), c - e), c + e);
                Vector.Min(Vector.Max(v, Vector<float>.Zero), Vector<float>.One).CopyTo(x[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            var c = clean[i];
            x[i] = Math.Clamp(Math.Clamp(x[i], c - eps, c + eps), 0f, 1f);
        }
    }
}
