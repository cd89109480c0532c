using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Ops that select or assemble parts of tensors: Concat and Split (each the other's adjoint),
/// Slice and Pad (through an index map), Gather (through a one-hot matrix, so repeated indices sum).
/// </summary>
/// <remarks>
/// The index map: the forward op is applied once more, with its own starts/ends/pads inputs or
/// attributes, to a constant tensor holding 1 + each element's position in one sample (the batch
/// axis is kept at 1 and must not be sliced or padded); padding reads 0. The gradient is then
/// scattered into zeros at those positions, with position 0 a discarded slot for padding. Slice
/// selects each element at most once, so overwriting is exact; reflect and edge Pad repeat
/// elements and need ScatterElements with reduction="add" (opset 16); before that, their
/// gradient goes through one 0/1 matrix per padded axis (the pads must then be constants).
/// </remarks>
internal static class SelectionGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["Concat"] = Concat;
        rules["Split"] = Split;
        rules["Slice"] = Slice;
        rules["Pad"] = Pad;
        rules["Gather"] = Gather;
    }

    private static void Concat(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad || !node.Input.Any(e.NeedsGradient))
        {
            return;
        }

        var rank = e.ShapeOf(node.Output[0]).Length;
        var axis = GradientEmitter.NormalizeAxis(GradientEmitter.GetInt(node, "axis", 0), rank);
        var sizes = node.Input.Select(i => e.ShapeOf(i)[axis]).ToArray();
        var parts = e.Split(grad, axis, sizes);
        for (var i = 0; i < parts.Length; i++)
        {
            if (e.NeedsGradient(node.Input[i]))
            {
                inputGrads[i] = parts[i];
            }
        }
    }

    // An output without a gradient contributes zeros of its shape.
    private static void Split(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]))
        {
            return;
        }

        var rank = e.ShapeOf(node.Input[0]).Length;
        var axis = GradientEmitter.NormalizeAxis(GradientEmitter.GetInt(node, "axis", 0), rank);
        var parts = node.Output.Select((o, i) => outputGrads[i] ?? e.ZerosLike(o)).ToArray();
        inputGrads[0] = parts.Length == 1 ? parts[0] : e.Op("Concat", parts, GradientEmitter.Int("axis", axis));
    }

    private static void Slice(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (node.Input.Skip(1).Any(e.NeedsGradient))
        {
            throw e.Unsupported(node, "starts, ends, axes or steps that depend on the input are not handled");
        }

        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        inputGrads[0] = ThroughIndexMap(e, node, grad, duplicates: false);
    }

    private static void Pad(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (node.Input.Skip(1).Any(e.NeedsGradient))
        {
            throw e.Unsupported(node, "pads or a constant value that depend on the input are not handled");
        }

        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var mode = GradientEmitter.GetString(node, "mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge"))
        {
            throw e.Unsupported(node, $"mode '{mode}' is not handled");
        }

        if (mode != "constant" && e.Opset < 16)
        {
            // Before ScatterElements could add (opset 16): one small one-hot matrix per padded axis.
            inputGrads[0] = ThroughAxisMatrices(e, node, grad, mode);
            return;
        }

        inputGrads[0] = ThroughIndexMap(e, node, grad, duplicates: mode != "constant");
    }

    // Reflect and edge padding act on each axis separately: y = P_k ... P_1 x with P_a [m_a, n_a] a
    // 0/1 matrix (row j has its 1 at the source index of output j), so dx = the product of the P_a^T,
    // applied as a MatMul over each padded axis moved last. Needs the pads as constants.
    private static string ThroughAxisMatrices(GradientEmitter e, NodeProto node, string grad, string mode)
    {
        var pads = e.Opset < 11
            ? GradientEmitter.GetInts(node, "pads")
            : node.Input.Count > 1 && node.Input[1].Length > 0 ? e.Int64Constant(node.Input[1]) : null;
        if (pads is null || (e.Opset >= 11 && node.Input.Count > 3 && node.Input[3].Length > 0))
        {
            throw e.Unsupported(node, $"mode '{mode}' before opset 16 needs pads given as a constant (and no axes input)");
        }

        var inputShape = e.ShapeOf(node.Input[0]);
        var rank = inputShape.Length;
        if (pads.Length != 2 * rank || pads.Any(p => p < 0) || pads[0] != 0 || pads[rank] != 0)
        {
            throw e.Unsupported(node, $"mode '{mode}' before opset 16: pads must be non-negative and leave the batch axis alone");
        }

        var current = grad;
        for (var axis = 1; axis < rank; axis++)
        {
            var (begin, end) = (pads[axis], pads[axis + rank]);
            if (begin == 0 && end == 0)
            {
                continue;
            }

            var n = inputShape[axis];
            var m = n + begin + end;
            var matrix = new float[m * n];
            for (var j = 0L; j < m; j++)
            {
                matrix[(j * n) + PadSource(j - begin, n, mode)] = 1f;
            }

            var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
            (perm[axis], perm[rank - 1]) = (perm[rank - 1], perm[axis]);
            var moved = e.Transpose(current, perm);
            current = e.Transpose(e.Op("MatMul", [moved, e.FloatTensor(matrix, [m, n])]), perm);
        }

        return current;
    }

    // The input index an output index k (relative to the unpadded start) reads: edge clamps, reflect
    // mirrors without repeating the border (numpy's 'reflect').
    private static long PadSource(long k, long n, string mode)
    {
        if (mode == "edge" || n == 1)
        {
            return Math.Clamp(k, 0, n - 1);
        }

        while (k < 0 || k >= n)
        {
            k = k < 0 ? -k : (2 * (n - 1)) - k;
        }

        return k;
    }

    // y = take(x, indices, axis): dx = g contracted with onehot(indices) over the index axes.
    private static void Gather(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var x = node.Input[0];
        var shape = e.ShapeOf(x);
        var axis = (int)GradientEmitter.NormalizeAxis(GradientEmitter.GetInt(node, "axis", 0), shape.Length);
        var depth = shape[axis];
        var count = e.ShapeOf(node.Input[1]).Aggregate(1L, (a, b) => a * b);

        // Negative indices count from the end (OneHot before opset 11 does not wrap them).
        var indices = e.Reshape(node.Input[1], -1);
        var depthScalar = e.Int64Tensor([depth]);
        var wrapped = e.Op("Where", [e.Op("Less", [indices, e.Int64Tensor([0])]), e.Op("Add", [indices, depthScalar]), indices]);
        var oneHot = e.Op("OneHot", [wrapped, e.Int64Tensor([depth], 1), e.FloatTensor([0f, 1f], 2)], GradientEmitter.Int("axis", -1));

        // g [lead..., count, inner] (Reshape's 0 keeps the leading axes, the batch among them or in
        // inner, at their run-time size) -> [lead..., inner, count] x onehot [count, depth] ->
        // [lead..., inner, depth] -> [lead..., depth, inner].
        long[] target = [.. new long[axis], count, -1];
        var swap = Enumerable.Range(0, axis).Select(i => (long)i).Append(axis + 1).Append(axis).ToArray();
        var rows = e.Transpose(e.Reshape(grad, target), swap);
        var product = e.Op("MatMul", [rows, oneHot]);
        inputGrads[0] = e.ReshapeLike(e.Transpose(product, swap), x);
    }

    private static string ThroughIndexMap(GradientEmitter e, NodeProto node, string grad, bool duplicates)
    {
        var (x, y) = (node.Input[0], node.Output[0]);
        var (inputShape, outputShape) = (e.ShapeOf(x), e.ShapeOf(y));
        if (inputShape[0] != outputShape[0])
        {
            throw e.Unsupported(node, "slicing or padding axis 0 (the batch) is not handled");
        }

        // Positions as floats (exact below 2^24 per sample), since Pad before opset 11 takes floats only.
        var perSample = inputShape[1..].Aggregate(1L, (a, b) => a * b);
        if (perSample >= 1 << 24)
        {
            throw e.Unsupported(node, "more than 2^24 elements per sample are not handled");
        }

        var positions = Enumerable.Range(1, (int)perSample).Select(i => (float)i).ToArray();
        var map = new NodeProto { OpType = node.OpType, Name = e.Fresh(node.OpType.ToLowerInvariant() + "_index_map_node") };
        map.Input.Add(e.FloatTensor(positions, [1, .. inputShape[1..]]));
        // The same bounds, pads and axes; a constant pad value is left out so that padding reads 0.
        map.Input.AddRange(node.Input.Skip(1).Select((input, i) => node.OpType == "Pad" && i == 1 ? string.Empty : input));
        map.Attribute.AddRange(node.Attribute.Where(a => a.Name != "value").Select(a => a.Clone()));
        map.Output.Add(e.Fresh(node.OpType.ToLowerInvariant() + "_index_map"));
        e.Nodes.Add(map);

        var updates = e.Reshape(grad, 0, -1);
        var toInt64 = GradientEmitter.Int("to", (long)TensorProto.Types.DataType.Int64);
        var flatPositions = e.Op("Cast", [e.Reshape(map.Output[0], 1, -1)], toInt64);
        var indices = e.Op("Expand", [flatPositions, e.Op("Shape", [updates])]);
        var batch = e.Slice(e.RuntimeShape(x), [0], [1], [0]);
        var zeros = e.Op("ConstantOfShape", [e.Op("Concat", [batch, e.Int64Vector(perSample + 1)], GradientEmitter.Int("axis", 0))]);
        var scattered = e.ScatterElements(zeros, indices, updates, duplicates);
        return e.ReshapeLike(e.Slice(scattered, [1], [perSample + 1], [1]), x);
    }
}
