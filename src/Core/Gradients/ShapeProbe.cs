using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Static shapes of every tensor, read from one ONNX Runtime run on zeros with every node output
/// exposed as a graph output. Backward rules need them (ConvTranspose's output_padding, the axes a
/// broadcast operand is summed over); symbolic input dimensions are probed at 2 so that a batch
/// axis never looks broadcast.
/// </summary>
internal static class ShapeProbe
{
    private const long SymbolicProbeSize = 2;

    public static Dictionary<string, long[]> Run(ModelProto model, OnnxValueInfo input, string where)
    {
        if (!input.HasShape)
        {
            throw new CloudFreqException($"{where}: input '{input.Name}' declares no shape; the gradient graph needs its rank.");
        }

        var probe = model.Clone();
        var graph = probe.Graph;
        var exposed = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var output in graph.Node.SelectMany(n => n.Output))
        {
            // A name-only output: ONNX Runtime infers its type.
            if (output.Length > 0 && exposed.Add(output))
            {
                graph.Output.Add(new ValueInfoProto { Name = output });
            }
        }

        var shape = input.Shape.Select(d => d.Value is { } v and > 0 ? v : SymbolicProbeSize).ToArray();
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal) { [input.Name] = shape };
        foreach (var initializer in graph.Initializer)
        {
            shapes[initializer.Name] = initializer.Dims.ToArray();
        }

        try
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new InferenceSession(probe.ToByteArray(), options);
            var zeros = new float[checked((int)shape.Aggregate(1L, (a, b) => a * b))];
            using var feed = OrtValue.CreateTensorValueFromMemory(zeros, shape);
            using var runOptions = new RunOptions();
            var names = session.OutputNames;
            using var results = session.Run(runOptions, [input.Name], [feed], names);
            for (var i = 0; i < names.Count; i++)
            {
                if (results[i].IsTensor)
                {
                    shapes[names[i]] = results[i].GetTensorTypeAndShape().Shape;
                }
            }
        }
        catch (OnnxRuntimeException error)
        {
            throw new CloudFreqException(
                $"{where}: the shape probe on zeros of shape [{string.Join(", ", shape)}] failed: {error.Message}", error);
        }

        return shapes;
    }
}
