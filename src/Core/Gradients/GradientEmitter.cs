using System.Globalization;
using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// What a backward rule needs while the gradient graph is built: fresh names, node and constant
/// emission at the model's opset, the probed static shapes of forward tensors, and which forward
/// tensors need a gradient (they depend on the image input and reach the logits).
/// </summary>
internal sealed class GradientEmitter
{
    private const string Prefix = "cloudfreq_grad_";
    private readonly HashSet<string> _taken;
    private readonly HashSet<string> _needsGradient;
    private readonly IReadOnlyDictionary<string, long[]> _shapes;
    private readonly Dictionary<string, string> _shapeNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(long, float), string> _scalars = [];

    public GradientEmitter(
        long opset, HashSet<string> taken, HashSet<string> needsGradient, IReadOnlyDictionary<string, long[]> shapes, string where)
    {
        Opset = opset;
        _taken = taken;
        _needsGradient = needsGradient;
        _shapes = shapes;
        Where = where;
    }

    public long Opset { get; }

    /// <summary>"Gradient graph for 'model'": the start of every message.</summary>
    public string Where { get; }

    public List<NodeProto> Nodes { get; } = [];

    public List<TensorProto> Initializers { get; } = [];

    public bool NeedsGradient(string tensor) => tensor.Length > 0 && _needsGradient.Contains(tensor);

    /// <summary>The static shape the probe run saw (batch as probed).</summary>
    public long[] ShapeOf(string tensor) =>
        _shapes.TryGetValue(tensor, out var shape)
            ? shape
            : throw new CloudFreqException($"{Where}: no probed shape for tensor '{tensor}'.");

    public string Fresh(string stem)
    {
        var name = Prefix + stem;
        for (var i = 1; !_taken.Add(name); i++)
        {
            name = Prefix + stem + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>Adds a one-output node and returns its output's name.</summary>
    public string Op(string opType, string[] inputs, params AttributeProto[] attributes) =>
        Ops(opType, inputs, 1, attributes)[0];

    public string[] Ops(string opType, string[] inputs, int outputCount, params AttributeProto[] attributes)
    {
        var stem = opType.ToLowerInvariant();
        var outputs = Enumerable.Range(0, outputCount).Select(_ => Fresh(stem)).ToArray();
        var node = new NodeProto { OpType = opType, Name = Fresh(stem + "_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Nodes.Add(node);
        return outputs;
    }

    /// <summary>The runtime shape of a forward tensor (one Shape node per tensor).</summary>
    public string RuntimeShape(string tensor)
    {
        if (!_shapeNodes.TryGetValue(tensor, out var shape))
        {
            shape = Op("Shape", [tensor]);
            _shapeNodes[tensor] = shape;
        }

        return shape;
    }

    /// <summary>A float32 scalar constant (rank 0, broadcasts against anything).</summary>
    public string FloatScalar(float value)
    {
        if (!_scalars.TryGetValue((0, value), out var name))
        {
            name = Fresh("scalar");
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.FloatData.Add(value);
            Initializers.Add(tensor);
            _scalars[(0, value)] = name;
        }

        return name;
    }

    public string Int64Vector(params long[] values)
    {
        var name = Fresh("ints");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Initializers.Add(tensor);
        return name;
    }

    public string Scale(string value, float factor) => factor == 1f ? value : Op("Mul", [value, FloatScalar(factor)]);

    public string Transpose(string value, long[] perm) => Op("Transpose", [value], Ints("perm", perm));

    /// <summary>Swaps the last two axes of a tensor of the given rank.</summary>
    public string SwapLastTwo(string value, int rank)
    {
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[rank - 2], perm[rank - 1]) = (perm[rank - 1], perm[rank - 2]);
        return Transpose(value, perm);
    }

    /// <summary>Reshapes a gradient to a forward tensor's runtime shape (batch stays dynamic).</summary>
    public string ReshapeLike(string value, string forwardTensor) => Op("Reshape", [value, RuntimeShape(forwardTensor)]);

    /// <summary>
    /// Sums a gradient of shape <paramref name="gradShape"/> over the axes along which
    /// <paramref name="operand"/> was broadcast, then reshapes it to the operand's shape.
    /// </summary>
    public string ReduceToOperand(string grad, long[] gradShape, string operand)
    {
        var target = ShapeOf(operand);
        if (target.SequenceEqual(gradShape))
        {
            return grad;
        }

        var offset = gradShape.Length - target.Length;
        var axes = Enumerable.Range(0, gradShape.Length)
            .Where(i => gradShape[i] != 1 && (i < offset || target[i - offset] == 1))
            .Select(i => (long)i)
            .ToArray();
        var reduced = axes.Length == 0 ? grad : ReduceSum(grad, axes);
        return ReshapeLike(reduced, operand);
    }

    /// <summary>ReduceSum with keepdims: axes as an attribute before opset 13, as an input from 13.</summary>
    public string ReduceSum(string value, long[] axes) =>
        Opset >= 13
            ? Op("ReduceSum", [value, Int64Vector(axes)], Int("keepdims", 1))
            : Op("ReduceSum", [value], Ints("axes", axes), Int("keepdims", 1));

    public string CastToFloat(string value) => Op("Cast", [value], Int("to", (long)TensorProto.Types.DataType.Float));

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static long[]? GetInts(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.Ints.ToArray() : null;

    public static long GetInt(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;

    public static float GetFloat(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.F : fallback;

    public static string GetString(NodeProto node, string name, string fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.S.ToStringUtf8() : fallback;

    /// <summary>The error for an op, or an op setting, the builder does not handle.</summary>
    public CloudFreqException Unsupported(NodeProto node, string why) =>
        new($"{Where}: {node.OpType} node '{node.Name}': {why}.");

    /// <summary>A float32 constant of the given shape.</summary>
    public string FloatTensor(float[] values, params long[] dims)
    {
        var name = Fresh("floats");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        Initializers.Add(tensor);
        return name;
    }

    /// <summary>An int64 constant of the given shape (rank 0 when no dims are given).</summary>
    public string Int64Tensor(long[] values, params long[] dims)
    {
        var name = Fresh("ints");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Initializers.Add(tensor);
        return name;
    }

    /// <summary>Reshapes to a constant shape (0 copies the input's dimension, -1 is inferred).</summary>
    public string Reshape(string value, params long[] shape) => Op("Reshape", [value, Int64Vector(shape)]);

    /// <summary>Broadcasts a gradient to a forward tensor's runtime shape.</summary>
    public string ExpandLike(string value, string forwardTensor) => Op("Expand", [value, RuntimeShape(forwardTensor)]);

    /// <summary>Unsqueeze: axes as an attribute before opset 13, as an input from 13 (non-negative axes work everywhere).</summary>
    public string Unsqueeze(string value, long[] axes) =>
        Opset >= 13 ? Op("Unsqueeze", [value, Int64Vector(axes)]) : Op("Unsqueeze", [value], Ints("axes", axes));

    /// <summary>ReduceMean with keepdims: axes as an attribute before opset 18, as an input from 18.</summary>
    public string ReduceMean(string value, long[] axes) =>
        Opset >= 18
            ? Op("ReduceMean", [value, Int64Vector(axes)], Int("keepdims", 1))
            : Op("ReduceMean", [value], Ints("axes", axes), Int("keepdims", 1));

    /// <summary>Slice with constant bounds: attributes before opset 10, inputs from 10.</summary>
    public string Slice(string value, long[] starts, long[] ends, long[] axes) =>
        Opset >= 10
            ? Op("Slice", [value, Int64Vector(starts), Int64Vector(ends), Int64Vector(axes)])
            : Op("Slice", [value], Ints("starts", starts), Ints("ends", ends), Ints("axes", axes));

    /// <summary>Split into the given sizes along an axis: the sizes as an attribute before opset 13, as an input from 13.</summary>
    public string[] Split(string value, long axis, long[] sizes) =>
        Opset >= 13
            ? Ops("Split", [value, Int64Vector(sizes)], sizes.Length, Int("axis", axis))
            : Ops("Split", [value], sizes.Length, Int("axis", axis), Ints("split", sizes));

    /// <summary>Zeros shaped like a forward tensor at run time (ConstantOfShape defaults to float 0).</summary>
    public string ZerosLike(string forwardTensor) => Op("ConstantOfShape", [RuntimeShape(forwardTensor)]);

    /// <summary>Axes [from, rank): the trailing axes an op normalizes or reduces over.</summary>
    public static long[] TrailingAxes(long from, int rank) =>
        Enumerable.Range((int)from, rank - (int)from).Select(i => (long)i).ToArray();

    /// <summary>An axis attribute made non-negative for a tensor of the given rank.</summary>
    public static long NormalizeAxis(long axis, int rank) => axis < 0 ? axis + rank : axis;

    /// <summary>
    /// ScatterElements along axis 1 (Scatter before opset 11); with <paramref name="add"/>, duplicate
    /// indices sum, which needs reduction="add" (opset 16).
    /// </summary>
    public string ScatterElements(string data, string indices, string updates, bool add) =>
        add
            ? Op("ScatterElements", [data, indices, updates], Int("axis", 1), String("reduction", "add"))
            : Op(Opset >= 11 ? "ScatterElements" : "Scatter", [data, indices, updates], Int("axis", 1));

    /// <summary>Constant tensors of the forward graph by name (initializers and Constant outputs): for ops whose rule needs a value.</summary>
    public IReadOnlyDictionary<string, TensorProto> Constants { get; set; } = new Dictionary<string, TensorProto>(StringComparer.Ordinal);

    /// <summary>The values of a constant int64 tensor of the forward graph, or null when it is not a constant.</summary>
    public long[]? Int64Constant(string name) =>
        Constants.TryGetValue(name, out var tensor) ? Models.Onnx.OnnxInt64Tensor.Read(tensor) : null;

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };
}
