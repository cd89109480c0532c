using CloudFreq.Core.Gradients;
using CloudFreq.Core.Models.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>
/// Directional-derivative check of a gradient graph: g . (f(x + h d) - f(x - h d)) / 2h against
/// VJP(x, g) . d, in float32 with h = 5e-4. The models are piecewise linear (or smooth), so away from
/// kinks the one-sided differences forward and backward at h and at h/2 all agree; a point where
/// they spread by more than 0.5% has ReLU or max-pool kinks within h and is skipped. (Comparing
/// central differences at h and h/2 alone misses a kink right at x: both are off by half its jump.)
/// </summary>
internal sealed class GradientCheck : IDisposable
{
    private const double Step = 5e-4;
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _logitsName;
    private readonly long[] _inputShape;
    private readonly long[] _logitsShape;

    public GradientCheck(OnnxModelFile model, int batch = 1)
    {
        GradientBytes = GradientGraphBuilder.Build(model);
        _session = Models.Onnx.OnnxTestModels.CreateSession(GradientBytes);
        var input = model.Inputs[0];
        _inputName = input.Name;
        _logitsName = model.Outputs[0].Name;
        _inputShape = input.Shape.Select((d, i) => i == 0 ? batch : d.Value!.Value).ToArray();
        _logitsShape = model.Outputs[0].Shape.Select((d, i) => i == 0 ? batch : d.Value!.Value).ToArray();
    }

    public byte[] GradientBytes { get; }

    public Action<string>? Log { get; set; }

    public int InputSize => (int)_inputShape.Aggregate(1L, (a, b) => a * b);

    public int LogitsSize => (int)_logitsShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Runs the gradient graph: the logits and the input gradient, with their shapes.</summary>
    public (float[] Logits, float[] InputGrad, long[] InputGradShape) Run(float[] x, float[] g)
    {
        using var xValue = OrtValue.CreateTensorValueFromMemory(x, _inputShape);
        using var gValue = OrtValue.CreateTensorValueFromMemory(g, _logitsShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(
            runOptions,
            [_inputName, GradientGraphBuilder.LogitGradInputName],
            [xValue, gValue],
            [_logitsName, GradientGraphBuilder.InputGradOutputName]);
        return (
            outputs[0].GetTensorDataAsSpan<float>().ToArray(),
            outputs[1].GetTensorDataAsSpan<float>().ToArray(),
            outputs[1].GetTensorTypeAndShape().Shape);
    }

    /// <summary>The relative errors at the accepted points (up to <paramref name="attempts"/> tried).</summary>
    public List<double> RelativeErrors(int seed, int attempts = 40, int wanted = 4)
    {
        var random = new Random(seed);
        var errors = new List<double>();
        for (var attempt = 0; attempt < attempts && errors.Count < wanted; attempt++)
        {
            var x = Values(random, InputSize, 0, 1);
            var d = Values(random, InputSize, -1, 1);
            var g = Values(random, LogitsSize, -1, 1);
            var (_, grad, _) = Run(x, g);
            var vjp = Dot(grad, d);
            var (forward, backward) = OneSided(x, d, g, Step);
            var (forwardHalf, backwardHalf) = OneSided(x, d, g, Step / 2);
            var fd = (forward + backward) / 2;
            var scale = Math.Max(Math.Max(Math.Abs(fd), Math.Abs(vjp)), 1e-6);
            double[] slopes = [forward, backward, forwardHalf, backwardHalf];
            if (slopes.Max() - slopes.Min() > 5e-3 * scale)
            {
                continue; // near a kink
            }

            errors.Add(Math.Abs(fd - vjp) / scale);
            Log?.Invoke($"fwd {forward:E4} bwd {backward:E4} vjp {vjp:E4} |f| {Run(x, g).Logits.Max(Math.Abs):E2}");
        }

        return errors;
    }

    /// <summary>g . (f(x + h d) - f(x)) / h and g . (f(x) - f(x - h d)) / h; their mean is the central difference.</summary>
    private (double Forward, double Backward) OneSided(float[] x, float[] d, float[] g, double h)
    {
        var plus = x.Select((v, i) => (float)(v + (h * d[i]))).ToArray();
        var minus = x.Select((v, i) => (float)(v - (h * d[i]))).ToArray();
        var at = Dot(g, Run(x, g).Logits);
        var up = Dot(g, Run(plus, g).Logits);
        var down = Dot(g, Run(minus, g).Logits);
        return ((up - at) / h, (at - down) / h);
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Builds the gradient graph of a model given as bytes and asserts that at least two points away
    /// from kinks have a relative error below 1e-2.
    /// </summary>
    public static void AssertMatches(byte[] model, Action<string> log, int seed = 3)
    {
        using var check = new GradientCheck(OnnxModelFile.FromBytes(model, "synthetic"));
        var errors = check.RelativeErrors(seed);
        log($"relative errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    public static float[] Values(Random random, int count, double low, double high) =>
        Enumerable.Range(0, count).Select(_ => (float)(low + ((high - low) * random.NextDouble()))).ToArray();

    public void Dispose() => _session.Dispose();
}
