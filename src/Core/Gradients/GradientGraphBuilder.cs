using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Builds the gradient graph: the model's graph plus a reverse-mode pass that computes the
/// vector-Jacobian product of the logits with an upstream gradient fed at run time. The result
/// keeps every original input and output, takes <see cref="LogitGradInputName"/> (dL/dlogits,
/// shaped like the logits) and returns <see cref="InputGradOutputName"/> (dL/dinput, shaped like
/// the image input), all with standard ops of the model's own opset, so ONNX Runtime runs it on
/// CPU or GPU like the model.
/// </summary>
/// <remarks>
/// Nodes are visited in reverse (the node list is topologically sorted); a tensor read by several
/// nodes sums their contributions with Sum; nodes whose outputs do not depend on the input or do
/// not reach the logits get no backward. Covered ops (opsets 9-18): Conv, ConvTranspose, Gemm, MatMul,
/// Add/Sub/Mul/Div with broadcasting, Relu, LeakyRelu, Sigmoid, Tanh, Clip, Erf, Exp, Log, Sqrt, Pow,
/// Neg, Softmax, LogSoftmax, MaxPool (overlapping windows, pads, dilations, ceil_mode), AveragePool,
/// GlobalAveragePool, BatchNormalization (inference), LayerNormalization, ReduceSum, ReduceMean,
/// Concat, Slice, Split, Pad, Gather, Expand, Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Identity,
/// Dropout; shape-only ops (Shape, Size, ConstantOfShape, Constant) and initializers get no gradient.
/// The rule families are registered in <see cref="CreateRules"/>.
/// </remarks>
public static class GradientGraphBuilder
{
    /// <summary>The added input: the upstream gradient dL/dlogits (float, the logits' shape).</summary>
    public const string LogitGradInputName = "cloudfreq_logit_grad";

    /// <summary>The added output: dL/dinput (float, the image input's shape).</summary>
    public const string InputGradOutputName = "cloudfreq_input_grad";

    /// <summary>Loss graphs: the true labels (int64 [N]).</summary>
    public const string LabelsInputName = "cloudfreq_labels";

    /// <summary>Targeted loss graphs: the target classes (int64 [N]).</summary>
    public const string TargetsInputName = "cloudfreq_targets";

    /// <summary>Loss graphs: the loss of each image (float [N]).</summary>
    public const string LossOutputName = "cloudfreq_loss";

    private static readonly Dictionary<string, BackwardRule> Rules = CreateRules();

    /// <summary>
    /// The gradient graph's bytes for <paramref name="model"/>, differentiating the output
    /// <paramref name="logitsName"/> (the only output when null) with respect to the input
    /// <paramref name="inputName"/> (the only input when null).
    /// </summary>
    /// <exception cref="CloudFreqException">
    /// An op on the path from input to logits has no backward rule (the message names the op type
    /// and node), the input is not float, or the model does not run on zeros.
    /// </exception>
    public static byte[] Build(OnnxModelFile model, string? inputName = null, string? logitsName = null) =>
        Build(model, new GradientGraphOptions { InputName = inputName, LogitsName = logitsName });

    /// <summary>
    /// The gradient graph's bytes for <paramref name="model"/>: the generic vector-Jacobian product,
    /// or, with <see cref="GradientGraphOptions.Loss"/>, the loss head and the gradient of the loss
    /// (labels and, for targeted losses, targets in; <see cref="LossOutputName"/> and
    /// <see cref="InputGradOutputName"/> out).
    /// </summary>
    /// <exception cref="CloudFreqException">
    /// As for the other overload, or the logits are not [N, K] with enough classes for the loss.
    /// </exception>
    public static byte[] Build(OnnxModelFile model, GradientGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var where = $"Gradient graph for '{model.DisplayName}'";
        var input = Pick(model.Inputs, options.InputName, "input", where);
        var logits = Pick(model.Outputs, options.LogitsName, "output", where);
        if (input.ElementType != OnnxElementTypes.Float || logits.ElementType != OnnxElementTypes.Float)
        {
            throw new CloudFreqException($"{where}: input '{input.Name}' and output '{logits.Name}' must be float32.");
        }

        if (model.OpsetVersion < 9)
        {
            throw new CloudFreqException(
                $"{where}: opset {model.OpsetVersion} is older than 9 (the backward needs ConstantOfShape and Scatter).");
        }

        var proto = model.CloneProto();
        var graph = proto.Graph;
        var taken = OnnxGraphEdits.TakenNames(graph);
        string[] added = [LogitGradInputName, InputGradOutputName, LabelsInputName, TargetsInputName, LossOutputName];
        if (added.FirstOrDefault(taken.Contains) is { } clash)
        {
            throw new CloudFreqException($"{where}: the model already uses the name '{clash}'.");
        }

        var needsGradient = OnPath(graph, input.Name, logits.Name);
        var shapes = ShapeProbe.Run(proto, input, where);
        var e = new GradientEmitter(model.OpsetVersion, taken, needsGradient, shapes, where) { Constants = ConstantTensors(graph) };
        var head = options.Loss is { } loss ? LossHeadGraph.Emit(e, loss, logits.Name, where) : null;
        var contributions = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [logits.Name] = [head?.LogitGrad ?? LogitGradInputName],
        };

        string? Total(string tensor)
        {
            if (!contributions.TryGetValue(tensor, out var parts))
            {
                return null;
            }

            if (parts.Count > 1)
            {
                parts = [e.Op("Sum", [.. parts])];
                contributions[tensor] = parts;
            }

            return parts[0];
        }

        // Snapshot: rules may add outputs (MaxPool indices) to forward nodes but add no forward nodes.
        foreach (var node in graph.Node.Reverse().ToArray())
        {
            if (!node.Output.Any(needsGradient.Contains))
            {
                continue;
            }

            var outputGrads = node.Output.Select(o => o.Length > 0 ? Total(o) : null).ToArray();
            if (outputGrads.All(g => g is null))
            {
                continue;
            }

            if (!Rules.TryGetValue(node.OpType, out var rule) || node.Domain is not ("" or "ai.onnx"))
            {
                throw e.Unsupported(node, "no backward rule for this op type");
            }

            var inputGrads = new string?[node.Input.Count];
            rule(e, node, outputGrads, inputGrads);
            for (var i = 0; i < inputGrads.Length; i++)
            {
                if (inputGrads[i] is { } grad)
                {
                    if (!contributions.TryGetValue(node.Input[i], out var parts))
                    {
                        contributions[node.Input[i]] = parts = [];
                    }

                    parts.Add(grad);
                }
            }
        }

        // An input the logits do not depend on has a zero gradient.
        var inputGrad = Total(input.Name) ?? e.Op("ConstantOfShape", [e.RuntimeShape(input.Name)]);
        var finish = new NodeProto { OpType = "Identity", Name = e.Fresh("output_node") };
        finish.Input.Add(inputGrad);
        finish.Output.Add(InputGradOutputName);
        e.Nodes.Add(finish);

        graph.Node.AddRange(e.Nodes);
        graph.Initializer.AddRange(e.Initializers);
        if (proto.IrVersion < 4)
        {
            // Before IR 4 every initializer must also be declared as a graph input.
            graph.Input.AddRange(e.Initializers.Select(OnnxGraphEdits.InitializerInput));
        }

        if (head is null)
        {
            graph.Input.Add(new ValueInfoProto
            {
                Name = LogitGradInputName,
                Type = graph.Output.First(o => o.Name == logits.Name).Type?.Clone() ?? FloatType(),
            });
        }
        else
        {
            head.Declare(graph, graph.Input.First(i => i.Name == input.Name));
        }

        graph.Output.Add(new ValueInfoProto
        {
            Name = InputGradOutputName,
            Type = graph.Input.First(i => i.Name == input.Name).Type?.Clone() ?? FloatType(),
        });
        return proto.ToByteArray();
    }

    private static Dictionary<string, BackwardRule> CreateRules()
    {
        var rules = new Dictionary<string, BackwardRule>(StringComparer.Ordinal);
        ConvGradients.Register(rules);
        PoolGradients.Register(rules);
        LinearGradients.Register(rules);
        ElementwiseGradients.Register(rules);
        ShapeGradients.Register(rules);
        ActivationGradients.Register(rules);
        SoftmaxGradients.Register(rules);
        NormalizationGradients.Register(rules);
        ReductionGradients.Register(rules);
        SelectionGradients.Register(rules);
        return rules;
    }

    private static OnnxValueInfo Pick(IReadOnlyList<OnnxValueInfo> values, string? name, string what, string where)
    {
        var list = string.Join(", ", values.Select(v => v.Name));
        if (name is not null)
        {
            return values.FirstOrDefault(v => v.Name == name)
                ?? throw new CloudFreqException($"{where}: no {what} '{name}' ({what}s: {list}).");
        }

        return values.Count == 1
            ? values[0]
            : throw new CloudFreqException($"{where}: the model has {values.Count} {what}s ({list}); name the one to use.");
    }

    /// <summary>Tensors that depend on the input and that the logits depend on: those that need a gradient.</summary>
    private static HashSet<string> OnPath(GraphProto graph, string input, string logits)
    {
        var fromInput = new HashSet<string>(StringComparer.Ordinal) { input };
        foreach (var node in graph.Node)
        {
            if (node.Input.Any(fromInput.Contains))
            {
                fromInput.UnionWith(node.Output.Where(o => o.Length > 0));
            }
        }

        var toLogits = new HashSet<string>(StringComparer.Ordinal) { logits };
        foreach (var node in graph.Node.Reverse())
        {
            if (node.Output.Any(toLogits.Contains))
            {
                toLogits.UnionWith(node.Input.Where(i => i.Length > 0));
            }
        }

        fromInput.IntersectWith(toLogits);
        return fromInput;
    }

    private static Dictionary<string, TensorProto> ConstantTensors(GraphProto graph)
    {
        var constants = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(n => n.OpType == "Constant" && n.Domain is "" or "ai.onnx"))
        {
            if (node.Attribute.FirstOrDefault(a => a.Name == "value") is { T: { } tensor })
            {
                constants[node.Output[0]] = tensor;
            }
        }

        return constants;
    }

    private static TypeProto FloatType() =>
        new() { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxElementTypes.Float } };
}
