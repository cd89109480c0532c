using System.Globalization;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// Puts the blur defense in front of a model: a fixed depthwise Gaussian blur (weights
/// exp(-(x^2 + y^2) / (2 sigma^2)) summing to 1, half-size ceil(2.5 sigma)) with circular
/// (wrap-around) borders. The result is an ordinary ONNX graph (Transpose, Slice, Concat, Conv),
/// so gradients pass through it, and it keeps the image input's name, shape and layout and the
/// outputs, so the rest of CloudFreq feeds and scores it unchanged.
/// </summary>
/// <remarks>
/// <para>
/// The blur acts on the tensor the model is fed, which in the scoring path is the normalized image
/// (x - mean) / std. That is the same as blurring the raw image and normalizing after: the kernel
/// sums to 1 and normalization is a per-channel affine map, so blur(a x + b) = a blur(x) + b per channel.
/// </para>
/// <para>
/// Circular padding is built from Slice and Concat (the last pad rows put before the image, the first
/// after it; then the same for columns) because Pad's wrap mode needs opset 19 and most models are
/// older. From opset 10 Slice takes starts/ends/axes as int64 initializer inputs; before that as
/// attributes. Slicing needs the pad to fit in the image, so the kernel (2 pad + 1) must not be larger
/// than the image's height or width.
/// </para>
/// </remarks>
public static class BlurDefenseBuilder
{
    private const string Prefix = "cloudfreq_blur_";

    /// <summary>
    /// The model's bytes with the blur in front of its image input (the only input, or
    /// <paramref name="inputName"/>), whose layout is <paramref name="layout"/>.
    /// </summary>
    /// <exception cref="CloudFreqException">
    /// sigma is not positive, the input is not a float image with fixed channels/height/width, the
    /// kernel is larger than the image, or the model imports no default ONNX opset.
    /// </exception>
    public static BlurDefenseResult Build(OnnxModelFile model, double sigma, TensorLayout layout, string? inputName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var where = $"Blur defense for '{model.DisplayName}'";
        CircularGaussianBlur.ValidateSigma(sigma);
        var input = FindInput(model, inputName, where);
        var (channels, height, width) = ImageDims(input, layout, where);
        var half = CircularGaussianBlur.HalfSize(sigma);
        var size = (2 * half) + 1;
        if (size > height || size > width)
        {
            throw new CloudFreqException(
                $"{where}: the {size}x{size} kernel of sigma {Format(sigma)} is larger than the {height}x{width} image "
                + $"(circular padding by {half} px needs the kernel to fit in the image).");
        }

        var opset = model.OpsetVersion;
        if (opset < 1)
        {
            throw new CloudFreqException($"{where}: the model imports no default-domain ONNX opset; cannot add Slice/Conv nodes.");
        }

        var proto = model.CloneProto();
        var graph = proto.Graph;
        var names = new NameSource(graph);
        var blurred = names.Fresh("image");
        RenameUses(graph, input.Name, blurred);

        var nodes = new List<NodeProto>();
        var initializers = new List<TensorProto>();
        var current = input.Name;
        if (layout == TensorLayout.Nhwc)
        {
            current = Transpose(nodes, names, current, "to_nchw", [0, 3, 1, 2]);
        }

        current = WrapPad(nodes, initializers, names, opset, current, axis: 2, extent: height, pad: half, "rows");
        current = WrapPad(nodes, initializers, names, opset, current, axis: 3, extent: width, pad: half, "cols");

        var kernelName = names.Fresh("kernel");
        initializers.Add(KernelTensor(kernelName, CircularGaussianBlur.Kernel(sigma), channels, size));
        var convOutput = layout == TensorLayout.Nhwc ? names.Fresh("blurred_nchw") : blurred;
        nodes.Add(Node(
            "Conv",
            names.Fresh("conv"),
            [current, kernelName],
            [convOutput],
            Ints("kernel_shape", size, size),
            Ints("pads", 0, 0, 0, 0),
            Ints("strides", 1, 1),
            Ints("dilations", 1, 1),
            Int("group", channels)));
        if (layout == TensorLayout.Nhwc)
        {
            nodes.Add(Node("Transpose", names.Fresh("to_nhwc"), [convOutput], [blurred], Ints("perm", 0, 2, 3, 1)));
        }

        // New nodes go first: the graph's node list must stay topologically sorted.
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            graph.Node.Insert(0, nodes[i]);
        }

        graph.Initializer.AddRange(initializers);
        if (proto.IrVersion < 4)
        {
            // Before IR 4 every initializer must also be declared as a graph input.
            graph.Input.AddRange(initializers.Select(OnnxGraphEdits.InitializerInput));
        }

        var sliceForm = opset >= 10 ? "Slice with int64 inputs" : "Slice with attributes";
        var description =
            $"Gaussian blur defense, sigma {Format(sigma)}: {size}x{size} depthwise kernel on {channels} channels, "
            + $"circular padding of {half.ToString(CultureInfo.InvariantCulture)} px ({sliceForm}, opset "
            + $"{opset.ToString(CultureInfo.InvariantCulture)}), in front of input '{input.Name}' ({layout})";
        return new BlurDefenseResult(proto.ToByteArray(), description, sigma, half);
    }

    private static OnnxValueInfo FindInput(OnnxModelFile model, string? inputName, string where)
    {
        if (inputName is not null)
        {
            return model.Inputs.FirstOrDefault(input => input.Name == inputName)
                ?? throw new CloudFreqException(
                    $"{where}: no input '{inputName}' (inputs: {string.Join(", ", model.Inputs.Select(i => i.Name))}).");
        }

        return model.Inputs.Count == 1
            ? model.Inputs[0]
            : throw new CloudFreqException(
                $"{where}: the model has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs.Select(i => i.Name))}); "
                + "name the image input.");
    }

    private static (int Channels, int Height, int Width) ImageDims(OnnxValueInfo input, TensorLayout layout, string where)
    {
        if (input.ElementType != (int)TensorProto.Types.DataType.Float)
        {
            throw new CloudFreqException(
                $"{where}: input '{input.Name}' is {OnnxElementTypes.Name(input.ElementType)}; the blur needs a float image.");
        }

        if (!input.HasShape || input.Shape.Count != 4)
        {
            throw new CloudFreqException(
                $"{where}: input '{input.Name}' has shape {(input.HasShape ? OnnxDim.Format(input.Shape) : "unknown")}; "
                + $"the blur needs a rank-4 {layout} image.");
        }

        var (c, h, w) = layout == TensorLayout.Nchw ? (1, 2, 3) : (3, 1, 2);
        int Fixed(int axis, string what)
        {
            var dim = input.Shape[axis];
            return dim.Value is { } value and > 0 and <= int.MaxValue
                ? (int)value
                : throw new CloudFreqException(
                    $"{where}: input '{input.Name}' {OnnxDim.Format(input.Shape)} ({layout}) has no fixed {what} ({dim}); "
                    + "the blur's kernel and padding need it.");
        }

        return (Fixed(c, "channel count"), Fixed(h, "height"), Fixed(w, "width"));
    }

    /// <summary>Concat(x[extent - pad:], x, x[:pad]) along an axis: circular padding without Pad's wrap mode.</summary>
    private static string WrapPad(
        List<NodeProto> nodes, List<TensorProto> initializers, NameSource names, long opset,
        string value, int axis, int extent, int pad, string what)
    {
        var tail = Slice(nodes, initializers, names, opset, value, axis, extent - pad, extent, what + "_tail");
        var head = Slice(nodes, initializers, names, opset, value, axis, 0, pad, what + "_head");
        var padded = names.Fresh(what + "_padded");
        nodes.Add(Node("Concat", names.Fresh(what + "_concat"), [tail, value, head], [padded], Int("axis", axis)));
        return padded;
    }

    private static string Slice(
        List<NodeProto> nodes, List<TensorProto> initializers, NameSource names, long opset,
        string value, int axis, long start, long end, string what)
    {
        var output = names.Fresh(what);
        var nodeName = names.Fresh(what + "_slice");
        if (opset < 10)
        {
            nodes.Add(Node("Slice", nodeName, [value], [output], Ints("starts", start), Ints("ends", end), Ints("axes", axis)));
            return output;
        }

        var starts = names.Fresh(what + "_starts");
        var ends = names.Fresh(what + "_ends");
        var axes = names.Fresh(what + "_axes");
        initializers.Add(Int64Tensor(starts, start));
        initializers.Add(Int64Tensor(ends, end));
        initializers.Add(Int64Tensor(axes, axis));
        nodes.Add(Node("Slice", nodeName, [value, starts, ends, axes], [output]));
        return output;
    }

    private static string Transpose(List<NodeProto> nodes, NameSource names, string value, string what, long[] perm)
    {
        var output = names.Fresh(what);
        nodes.Add(Node("Transpose", names.Fresh(what + "_transpose"), [value], [output], Ints("perm", perm)));
        return output;
    }

    /// <summary>The same k x k kernel for every channel: weight [C, 1, k, k] for a Conv with group C.</summary>
    private static TensorProto KernelTensor(string name, float[] kernel, int channels, int size)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange([channels, 1, size, size]);
        for (var c = 0; c < channels; c++)
        {
            tensor.FloatData.AddRange(kernel);
        }

        return tensor;
    }

    private static TensorProto Int64Tensor(string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(1);
        tensor.Int64Data.Add(value);
        return tensor;
    }

    /// <summary>Points every reader of the image (subgraphs included, they may read outer values) at the blurred image.</summary>
    private static void RenameUses(GraphProto graph, string from, string to)
    {
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from)
                {
                    node.Input[i] = to;
                }
            }

            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    RenameUses(attribute.G, from, to);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    RenameUses(subgraph, from, to);
                }
            }
        }
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Hands out value and node names that nothing in the graph (or its subgraphs) uses yet.</summary>
    private sealed class NameSource
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public NameSource(GraphProto graph) => Collect(graph);

        public string Fresh(string stem)
        {
            var name = Prefix + stem;
            for (var i = 1; !_taken.Add(name); i++)
            {
                name = Prefix + stem + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        private void Collect(GraphProto graph)
        {
            _taken.UnionWith(graph.Input.Select(v => v.Name));
            _taken.UnionWith(graph.Output.Select(v => v.Name));
            _taken.UnionWith(graph.ValueInfo.Select(v => v.Name));
            _taken.UnionWith(graph.Initializer.Select(t => t.Name));
            foreach (var node in graph.Node)
            {
                _taken.Add(node.Name);
                _taken.UnionWith(node.Input);
                _taken.UnionWith(node.Output);
                foreach (var attribute in node.Attribute)
                {
                    if (attribute.G is not null)
                    {
                        Collect(attribute.G);
                    }

                    foreach (var subgraph in attribute.Graphs)
                    {
                        Collect(subgraph);
                    }
                }
            }
        }
    }
}
