using System.Globalization;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// Folds a model card's preprocessing into the graph: the result takes one input
/// <see cref="ImageInputName"/>, float [N, C, H, W] images in [0,1] (N symbolic when the model's
/// batch is, else the model's fixed batch), computes (x - mean) / std per channel as
/// x * (1/std) + (-mean/std) with [1, C, 1, 1] initializers (the same float32 constants as the CPU
/// path in <c>InputPreprocessor</c>), transposes to NHWC when the card says so, and feeds the
/// original input. Outputs are unchanged. Gradient graphs built on the result differentiate with
/// respect to the [0,1] image itself, which is what attacks perturb.
/// </summary>
/// <remarks>
/// Only Mul, Add, Transpose and Identity (opset 1) are added, so any opset works; a Mul or Add that
/// would be the identity (std 1, mean 0) is left out. For IR &lt; 4 the new initializers are also
/// declared as graph inputs.
/// </remarks>
public static class InputNormalizationFolder
{
    /// <summary>The folded model's image input: float NCHW in [0,1].</summary>
    public const string ImageInputName = "cloudfreq_image";

    private const string Prefix = "cloudfreq_norm_";

    /// <exception cref="CloudFreqException">
    /// The model has other than one input, the input is not a rank-4 float tensor, its declared
    /// dims contradict the card, or the card's mean/std do not have one value per channel.
    /// </exception>
    public static byte[] Fold(OnnxModelFile model, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        var where = $"Preprocessing fold for '{model.DisplayName}'";
        var input = SingleFloatImage(model, where);
        var shape = card.Input;
        if (card.Mean.Count != shape.Channels || card.Std.Count != shape.Channels)
        {
            throw new CloudFreqException(
                $"{where}: card '{card.Name}' has {card.Mean.Count} means and {card.Std.Count} stds for {shape.Channels} channels.");
        }

        long[] expected = card.Layout == TensorLayout.Nchw
            ? [shape.Channels, shape.Height, shape.Width]
            : [shape.Height, shape.Width, shape.Channels];
        for (var axis = 1; axis < 4; axis++)
        {
            if (input.Shape[axis].Value is { } fixedDim && fixedDim != expected[axis - 1])
            {
                throw new CloudFreqException(
                    $"{where}: input '{input.Name}' {OnnxDim.Format(input.Shape)} does not take the card's {shape} images "
                    + $"laid out as {card.Layout} (axis {axis.ToString(CultureInfo.InvariantCulture)} is {fixedDim}, "
                    + $"the card needs {expected[axis - 1]}).");
            }
        }

        var proto = model.CloneProto();
        var graph = proto.Graph;
        var taken = OnnxGraphEdits.TakenNames(graph);
        if (taken.Contains(ImageInputName))
        {
            throw new CloudFreqException($"{where}: the model already uses the name '{ImageInputName}'.");
        }

        var nodes = new List<NodeProto>();
        var initializers = new List<TensorProto>();
        string Fresh(string stem)
        {
            var name = Prefix + stem;
            for (var i = 1; !taken.Add(name); i++)
            {
                name = Prefix + stem + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        string Add(string opType, string[] inputs, string? output = null, AttributeProto? attribute = null)
        {
            var node = new NodeProto { OpType = opType, Name = Fresh(opType.ToLowerInvariant()) };
            node.Input.AddRange(inputs);
            node.Output.Add(output ?? Fresh(opType.ToLowerInvariant() + "_out"));
            if (attribute is not null)
            {
                node.Attribute.Add(attribute);
            }

            nodes.Add(node);
            return node.Output[0];
        }

        string Constant(string stem, float[] values)
        {
            var tensor = new TensorProto { Name = Fresh(stem), DataType = OnnxElementTypes.Float };
            tensor.Dims.AddRange([1, values.Length, 1, 1]);
            tensor.FloatData.AddRange(values);
            initializers.Add(tensor);
            return tensor.Name;
        }

        // Same float32 arithmetic as InputPreprocessor, so folded and CPU-preprocessed logits agree.
        var scale = card.Std.Select(s => 1f / s).ToArray();
        var shift = card.Mean.Select((m, c) => -m / card.Std[c]).ToArray();
        var current = ImageInputName;
        if (scale.Any(s => s != 1f))
        {
            current = Add("Mul", [current, Constant("scale", scale)]);
        }

        if (shift.Any(s => s != 0f))
        {
            current = Add("Add", [current, Constant("shift", shift)]);
        }

        // The last node writes the original input's name, so every reader (subgraphs too) is fed unchanged.
        if (card.Layout == TensorLayout.Nhwc)
        {
            var perm = new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints };
            perm.Ints.AddRange([0, 2, 3, 1]);
            Add("Transpose", [current], input.Name, perm);
        }
        else
        {
            Add("Identity", [current], input.Name);
        }

        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            graph.Node.Insert(0, nodes[i]);
        }

        var original = graph.Input.First(i => i.Name == input.Name);
        var position = graph.Input.IndexOf(original);
        graph.Input[position] = ImageInput(original, shape.Channels, shape.Height, shape.Width);
        graph.Initializer.AddRange(initializers);
        if (proto.IrVersion < 4)
        {
            // Before IR 4 every initializer must also be declared as a graph input.
            graph.Input.AddRange(initializers.Select(OnnxGraphEdits.InitializerInput));
        }

        return proto.ToByteArray();
    }

    private static OnnxValueInfo SingleFloatImage(OnnxModelFile model, string where)
    {
        if (model.Inputs.Count != 1)
        {
            throw new CloudFreqException(
                $"{where}: the graph has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs.Select(i => i.Name))}); "
                + "the fold needs exactly one image input.");
        }

        var input = model.Inputs[0];
        if (input.ElementType != OnnxElementTypes.Float)
        {
            throw new CloudFreqException(
                $"{where}: input '{input.Name}' is {OnnxElementTypes.Name(input.ElementType)}; the fold feeds float32 images.");
        }

        if (!input.HasShape || input.Shape.Count != 4)
        {
            throw new CloudFreqException(
                $"{where}: input '{input.Name}' has shape {(input.HasShape ? OnnxDim.Format(input.Shape) : "unknown")}; "
                + "the fold needs a rank-4 image input.");
        }

        return input;
    }

    /// <summary>[batch, C, H, W] with the original's batch dim (symbolic, unknown or fixed) kept as declared.</summary>
    private static ValueInfoProto ImageInput(ValueInfoProto original, int channels, int height, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(original.Type.TensorType.Shape.Dim[0].Clone());
        shape.Dim.AddRange(new long[] { channels, height, width }.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = ImageInputName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxElementTypes.Float, Shape = shape } },
        };
    }
}
