using System.Globalization;
using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// One pass over a graph (nodes are topologically sorted in ONNX) that follows the image input's
/// batch axis through the nodes, fixes the ops that pin the batch to 1 (constant Reshape shapes,
/// Flatten with axis 0) and stops at ops that cannot take a larger batch. Values that depend on
/// the input but whose batch axis cannot be told are tracked as dependent only; fixes that need
/// the axis are then made only where they hold for any position, and the empirical check in
/// <see cref="BatchabilityCheck"/> has the last word.
/// </summary>
internal sealed class BatchAxisFlow
{
    private readonly GraphProto _graph;
    private readonly OnnxGraphIndex _index;
    private readonly long _opsetVersion;
    private readonly Dictionary<string, int> _batchAxes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dependent = new(StringComparer.Ordinal);
    private readonly List<BatchRewriteNodeChange> _changes = [];
    private readonly List<(NodeProto Before, NodeProto Constant)> _insertions = [];

    public BatchAxisFlow(GraphProto graph, long opsetVersion, string inputName)
    {
        _graph = graph;
        _index = new OnnxGraphIndex(graph);
        _opsetVersion = opsetVersion;
        _batchAxes[inputName] = 0;
        _dependent.Add(inputName);
    }

    /// <summary>Why the graph cannot be batched, once <see cref="Run"/> returned false.</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<BatchRewriteNodeChange> Changes => _changes;

    /// <summary>Whether a value is computed from the image input.</summary>
    public bool DependsOnInput(string name) => _dependent.Contains(name);

    /// <summary>Walks the graph, editing it in place; false (with <see cref="Problem"/>) at the first blocker.</summary>
    public bool Run()
    {
        foreach (var node in _graph.Node)
        {
            if (!node.Input.Any(_dependent.Contains))
            {
                continue;
            }

            var outputAxis = Visit(node);
            if (Problem is not null)
            {
                return false;
            }

            foreach (var output in node.Output.Where(output => output.Length > 0))
            {
                _dependent.Add(output);
                if (outputAxis is int axis)
                {
                    _batchAxes[output] = axis;
                }
            }
        }

        InsertReplacementConstants();
        return true;
    }

    private static bool IsDefaultDomain(NodeProto node) => node.Domain is "" or "ai.onnx";

    private static string NodeLabel(NodeProto node) =>
        node.Name.Length > 0 ? node.Name : node.OpType + " -> " + node.Output.FirstOrDefault();

    private static string FormatInts(IEnumerable<long> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    private static long? IntAttribute(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : null;

    private static IReadOnlyList<long>? IntsAttribute(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints;

    private int? AxisOf(string name) => _batchAxes.TryGetValue(name, out var axis) ? axis : null;

    /// <summary>The batch axis of the node's outputs (null: unknown), after any edit to the node.</summary>
    private int? Visit(NodeProto node)
    {
        if (!IsDefaultDomain(node))
        {
            return null;
        }

        return node.OpType switch
        {
            "Reshape" => VisitReshape(node),
            "Flatten" => VisitFlatten(node),
            "Transpose" => VisitTranspose(node),
            "Squeeze" => VisitSqueeze(node),
            "Unsqueeze" => VisitUnsqueeze(node),
            "Concat" => VisitConcat(node),
            "Gemm" => AxisOf(node.Input[0]) == 0 && IntAttribute(node, "transA") is null or 0 && !InputsDepend(node, 1)
                ? 0
                : null,
            "MatMul" => !InputsDepend(node, 1) ? AxisOf(node.Input[0]) : null,
            "Gather" => VisitGather(node),
            "Softmax" or "LogSoftmax" or "Hardmax" => VisitSoftmax(node),
            "ReduceMean" or "ReduceSum" or "ReduceMax" or "ReduceMin" or "ReduceProd" or "ReduceL1" or "ReduceL2"
                or "ReduceLogSum" or "ReduceLogSumExp" or "ReduceSumSquare" => VisitReduce(node),
            "ArgMax" or "ArgMin" => VisitArgReduce(node),
            "Slice" => VisitSlice(node),
            "Tile" => VisitTile(node),
            "Shape" or "Size" or "ConstantOfShape" or "Range" or "NonZero" or "If" or "Loop" or "Scan" => null,
            _ => VisitElementwiseLike(node),
        };
    }

    private bool InputsDepend(NodeProto node, int firstInput) =>
        node.Input.Skip(firstInput).Any(_dependent.Contains);

    /// <summary>Most ops keep the batch where it is, unless they work along it (axis/axes attributes).</summary>
    private int? VisitElementwiseLike(NodeProto node)
    {
        var axes = node.Input.Where(_dependent.Contains).Select(AxisOf).Distinct().ToList();
        if (axes is not [int axis])
        {
            return null;
        }

        var axisAttribute = IntAttribute(node, "axis");
        var axesAttribute = IntsAttribute(node, "axes");
        return axisAttribute == axis || (axesAttribute?.Contains(axis) ?? false) ? null : axis;
    }

    private int? VisitReshape(NodeProto node)
    {
        if (node.Input.Count < 2 || !_dependent.Contains(node.Input[0]))
        {
            return null;
        }

        var shape = _index.ConstantInt64s(node.Input[1]);
        if (shape is null || shape.Length == 0)
        {
            return null; // a computed shape (Shape -> Gather -> Concat) follows the batch by itself
        }

        var allowZero = IntAttribute(node, "allowzero") == 1;
        var dataAxis = AxisOf(node.Input[0]);
        switch (shape[0])
        {
            case 0 when !allowZero:
                return dataAxis == 0 ? 0 : null;
            case -1:
                return dataAxis == 0 ? 0 : null;
            case 1:
                break;
            default:
                return null;
        }

        var fixedShape = (long[])shape.Clone();
        if (dataAxis == 0 && !allowZero)
        {
            // 0 copies the data's dim 0, which is the batch: right whatever the other entries are.
            fixedShape[0] = 0;
        }
        else if (!shape.Skip(1).Contains(-1))
        {
            // -1 infers the batch from the element count, since every other entry is per image.
            fixedShape[0] = -1;
        }
        else
        {
            Problem = $"Reshape '{NodeLabel(node)}' has the constant shape {FormatInts(shape)}: its leading 1 "
                + "cannot become the batch, because the shape already has a -1 and "
                + (allowZero ? "allowzero forbids copying dim 0" : "the batch is not dim 0 of its input");
            return null;
        }

        ReplaceConstantInput(node, 1, fixedShape);
        _changes.Add(new BatchRewriteNodeChange(
            NodeLabel(node), node.OpType, $"shape {FormatInts(shape)} -> {FormatInts(fixedShape)}"));
        return 0;
    }

    private int? VisitFlatten(NodeProto node)
    {
        var axis = IntAttribute(node, "axis") ?? 1;
        var dataAxis = AxisOf(node.Input[0]);
        if (axis != 0)
        {
            return axis == 1 && dataAxis == 0 ? 0 : null;
        }

        if (dataAxis != 0)
        {
            Problem = $"Flatten '{NodeLabel(node)}' with axis 0 merges all images into one row, "
                + "and the batch is not dim 0 of its input";
            return null;
        }

        // Flatten(axis=0) gives [1, n] and Flatten(axis=1) gives [d0, n/d0]: equal for a batch of 1.
        node.Attribute.First(a => a.Name == "axis").I = 1;
        _changes.Add(new BatchRewriteNodeChange(NodeLabel(node), node.OpType, "axis 0 -> 1"));
        return 0;
    }

    private int? VisitTranspose(NodeProto node)
    {
        var perm = IntsAttribute(node, "perm");
        if (AxisOf(node.Input[0]) is not int axis || perm is null || perm.Count == 0)
        {
            return null;
        }

        for (var i = 0; i < perm.Count; i++)
        {
            if (perm[i] == axis)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Axes of Squeeze/Unsqueeze/Reduce*: an attribute before opset 13 (18 for Reduce*), an input after.</summary>
    private IReadOnlyList<long>? AxesOf(NodeProto node) =>
        IntsAttribute(node, "axes")
        ?? (node.Input.Count > 1 && node.Input[1].Length > 0 ? _index.ConstantInt64s(node.Input[1]) : null);

    private bool HasAxesSource(NodeProto node) =>
        node.Attribute.Any(a => a.Name == "axes") || (node.Input.Count > 1 && node.Input[1].Length > 0);

    private int? VisitSqueeze(NodeProto node)
    {
        if (AxisOf(node.Input[0]) is not int axis)
        {
            return null;
        }

        if (!HasAxesSource(node))
        {
            Problem = $"Squeeze '{NodeLabel(node)}' has no axes, so it removes every dimension of size 1, the batch included";
            return null;
        }

        var axes = AxesOf(node);
        if (axes is null || axes.Any(a => a < 0))
        {
            return null;
        }

        if (axes.Contains(axis))
        {
            Problem = $"Squeeze '{NodeLabel(node)}' removes the batch dimension (axis {axis})";
            return null;
        }

        return axis - axes.Count(a => a < axis);
    }

    private int? VisitUnsqueeze(NodeProto node)
    {
        var axes = AxesOf(node);
        if (AxisOf(node.Input[0]) is not int axis || axes is null || axes.Any(a => a < 0))
        {
            return null;
        }

        var position = axis;
        foreach (var inserted in axes.Order())
        {
            if (inserted <= position)
            {
                position++;
            }
        }

        return position;
    }

    private int? VisitConcat(NodeProto node)
    {
        var concatAxis = IntAttribute(node, "axis") ?? 0;
        var batchAxes = node.Input.Where(_dependent.Contains).Select(AxisOf).Distinct().ToList();
        if (batchAxes is not [int axis] || concatAxis == axis)
        {
            return null;
        }

        foreach (var input in node.Input.Where(input => input.Length > 0 && !_dependent.Contains(input)))
        {
            var dims = _index.ConstantDims(input);
            if (dims is null || dims.Count <= axis)
            {
                continue;
            }

            var normalizedConcatAxis = concatAxis < 0 ? concatAxis + dims.Count : concatAxis;
            if (normalizedConcatAxis != axis && dims[axis] == 1)
            {
                Problem = $"Concat '{NodeLabel(node)}' joins the constant '{input}' (size 1 on the batch axis) "
                    + $"to the images along axis {concatAxis}; a batch would need one copy of it per image";
                return null;
            }
        }

        return concatAxis < 0 ? null : axis;
    }

    private int? VisitGather(NodeProto node)
    {
        var gatherAxis = IntAttribute(node, "axis") ?? 0;
        return AxisOf(node.Input[0]) is int axis && gatherAxis > axis && !InputsDepend(node, 1) ? axis : null;
    }

    private int? VisitSoftmax(NodeProto node)
    {
        if (AxisOf(node.Input[0]) is not int axis)
        {
            return null;
        }

        // Before opset 13 Softmax flattens to 2-D at `axis` (default 1): axis <= batch axis mixes images.
        if (_opsetVersion < 13)
        {
            var coerceAxis = IntAttribute(node, "axis") ?? 1;
            return coerceAxis >= 0 && coerceAxis <= axis ? null : axis;
        }

        return IntAttribute(node, "axis") == axis ? null : axis;
    }

    private int? VisitReduce(NodeProto node)
    {
        var axes = AxesOf(node);
        if (AxisOf(node.Input[0]) is not int axis || axes is null || axes.Count == 0 || axes.Any(a => a < 0)
            || axes.Contains(axis))
        {
            return null; // reducing all axes, unknown axes or the batch axis itself
        }

        return IntAttribute(node, "keepdims") is null or 1 ? axis : axis - axes.Count(a => a < axis);
    }

    private int? VisitArgReduce(NodeProto node)
    {
        var reduceAxis = IntAttribute(node, "axis") ?? 0;
        if (AxisOf(node.Input[0]) is not int axis || reduceAxis < 0 || reduceAxis == axis)
        {
            return null;
        }

        return IntAttribute(node, "keepdims") is null or 1 || reduceAxis > axis ? axis : axis - 1;
    }

    private int? VisitSlice(NodeProto node)
    {
        if (AxisOf(node.Input[0]) is not int axis)
        {
            return null;
        }

        // Opset < 10 has attributes; later versions take axes as input 3 (absent means all leading axes).
        var axes = IntsAttribute(node, "axes")
            ?? (node.Input.Count > 3 && node.Input[3].Length > 0 ? _index.ConstantInt64s(node.Input[3]) : null);
        return axes is not null && axes.All(a => a >= 0) && !axes.Contains(axis) ? axis : null;
    }

    private int? VisitTile(NodeProto node)
    {
        var repeats = node.Input.Count > 1 ? _index.ConstantInt64s(node.Input[1]) : null;
        return AxisOf(node.Input[0]) is int axis && repeats is not null && repeats.Length > axis && repeats[axis] == 1
            ? axis
            : null;
    }

    /// <summary>
    /// Gives input <paramref name="slot"/> of <paramref name="node"/> new constant values: in place when
    /// this node is the constant's only user, else through a new Constant node placed before it.
    /// </summary>
    private void ReplaceConstantInput(NodeProto node, int slot, long[] values)
    {
        var name = node.Input[slot];
        if (_index.UseCount(name) == 1 && _index.TryOverwriteInt64s(name, values))
        {
            return;
        }

        var newName = UniqueName(name + "_batch");
        var constant = new NodeProto { OpType = "Constant", Name = newName + "_constant" };
        constant.Output.Add(newName);
        constant.Attribute.Add(new AttributeProto
        {
            Name = "value",
            Type = AttributeProto.Types.AttributeType.Tensor,
            T = OnnxInt64Tensor.Create(newName, values),
        });
        node.Input[slot] = newName;
        _insertions.Add((node, constant));
    }

    private string UniqueName(string stem)
    {
        var taken = _graph.Node.SelectMany(n => n.Output)
            .Concat(_graph.Initializer.Select(t => t.Name))
            .Concat(_graph.Input.Select(i => i.Name))
            .Concat(_insertions.SelectMany(i => i.Constant.Output))
            .ToHashSet(StringComparer.Ordinal);
        var name = stem;
        for (var i = 1; taken.Contains(name); i++)
        {
            name = stem + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    private void InsertReplacementConstants()
    {
        foreach (var (before, constant) in _insertions)
        {
            _graph.Node.Insert(_graph.Node.IndexOf(before), constant);
        }
    }
}
