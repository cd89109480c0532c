using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Tests.Models.Onnx;

/// <summary>Small models built in code for cases the shared models and fixtures do not cover.</summary>
internal static class TinyOnnxModels
{
    public static ValueInfoProto Tensor(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } },
        };
    }

    public static TensorProto Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float initializer with values uniform in [-1, 1) from <paramref name="seed"/>.</summary>
    public static TensorProto Floats(string name, int seed, params long[] dims)
    {
        var random = new Random(seed);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var count = dims.Aggregate(1L, (a, b) => a * b);
        for (var i = 0; i < count; i++)
        {
            tensor.FloatData.Add((float)((random.NextDouble() * 2) - 1));
        }

        return tensor;
    }

    /// <summary>A float initializer with the given values and dims (rank 0 when no dims are given).</summary>
    public static TensorProto FloatValues(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    /// <summary>A rank-0 float initializer.</summary>
    public static TensorProto Scalar(string name, float value) => FloatValues(name, [value]);

    /// <summary>A rank-0 int64 initializer.</summary>
    public static TensorProto Int64Scalar(string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        return tensor;
    }

    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto StringAttribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto TensorAttribute(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public static byte[] Model(long opset, GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "cloudfreq-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    public static GraphProto Graph(string name, IEnumerable<NodeProto> nodes, ValueInfoProto[] inputs, ValueInfoProto[] outputs,
        params TensorProto[] initializers)
    {
        var graph = new GraphProto { Name = name };
        graph.Node.AddRange(nodes);
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        graph.Initializer.AddRange(initializers);
        return graph;
    }

    /// <summary>x[1,2,3] -> Reshape(shape [1,-1], allowzero=1) -> y[1,6] (opset 14).</summary>
    public static byte[] ReshapeAllowZeroWithMinusOne() => Model(14, Graph(
        "reshape_allowzero",
        [Node("Reshape", "reshape_allowzero", ["x", "shape"], ["y"], IntAttribute("allowzero", 1))],
        [Tensor("x", 1, 2, 3)],
        [Tensor("y", 1, 6)],
        Int64s("shape", 1, -1)));

    /// <summary>x[1,4] -> Squeeze(axes [0]) -> Relu -> Unsqueeze(axes [0]) -> y[1,4] (opset 11, axes as attributes).</summary>
    public static byte[] SqueezeBatchAxis() => Model(11, Graph(
        "squeeze_batch",
        [
            Node("Squeeze", "squeeze_batch", ["x"], ["s"], IntsAttribute("axes", 0)),
            Node("Relu", "relu", ["s"], ["r"]),
            Node("Unsqueeze", "unsqueeze_batch", ["r"], ["y"], IntsAttribute("axes", 0)),
        ],
        [Tensor("x", 1, 4)],
        [Tensor("y", 1, 4)]));

    /// <summary>
    /// x[1,1,2,2] -> ReduceSum -> x100 -> Cast int64 -> Gather rows of a [10,2] table -> y[1,2] (opset 11): fine for a
    /// black image (row 0), rejected by ONNX Runtime at run time (index out of bounds) once the pixels sum past 0.1.
    /// </summary>
    public static byte[] FailsOnBrightImages() => Model(11, Graph(
        "fails_on_bright_images",
        [
            Node("ReduceSum", "sum", ["x"], ["s"], IntsAttribute("axes", 1, 2, 3), IntAttribute("keepdims", 0)),
            Node("Mul", "scale", ["s", "k"], ["m"]),
            Node("Cast", "to_index", ["m"], ["i"], IntAttribute("to", 7)),
            Node("Gather", "lookup", ["table", "i"], ["y"], IntAttribute("axis", 0)),
        ],
        [Tensor("x", 1, 1, 2, 2)],
        [Tensor("y", 1, 2)],
        Scalar("k", 100f),
        Floats("table", 3, 10, 2)));

    /// <summary>Two image inputs added together.</summary>
    public static byte[] TwoInputs() => Model(13, Graph(
        "two_inputs",
        [Node("Add", "add", ["a", "b"], ["y"])],
        [Tensor("a", 1, 4), Tensor("b", 1, 4)],
        [Tensor("y", 1, 4)]));

    /// <summary>x[1,4] -> NoSuchOperator -> y[1,4]: parses, but ONNX Runtime cannot load it.</summary>
    public static byte[] UnknownOperator() => Model(13, Graph(
        "unknown_op",
        [Node("NoSuchOperator", "mystery", ["x"], ["y"])],
        [Tensor("x", 1, 4)],
        [Tensor("y", 1, 4)]));

    /// <summary>A graph whose only input is an initializer: nothing to feed.</summary>
    public static byte[] OnlyInitializerInputs() => Model(13, Graph(
        "no_inputs",
        [Node("Identity", "identity", ["w"], ["y"])],
        [Tensor("w", 2)],
        [Tensor("y", 2)],
        new TensorProto { Name = "w", DataType = 1, Dims = { 2 }, FloatData = { 1f, 2f } }));

    /// <summary>A model header without a graph.</summary>
    public static byte[] NoGraph()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "cloudfreq-tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }
}
