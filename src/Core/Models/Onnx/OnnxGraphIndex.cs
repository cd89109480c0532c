using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// Lookups over one graph that the rewriter needs: which values are constants (initializers or
/// Constant node outputs) and how many places use each value, so a shared constant is never
/// edited in place for the sake of one consumer.
/// </summary>
internal sealed class OnnxGraphIndex
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _constantNodes;
    private readonly Dictionary<string, int> _useCounts = new(StringComparer.Ordinal);

    public OnnxGraphIndex(GraphProto graph)
    {
        _initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer)
        {
            _initializers[tensor.Name] = tensor;
        }

        _constantNodes = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(IsConstantNode))
        {
            _constantNodes[node.Output[0]] = node;
        }

        CountUses(graph);
        foreach (var output in graph.Output)
        {
            AddUse(output.Name);
        }
    }

    public bool IsConstant(string name) => _initializers.ContainsKey(name) || _constantNodes.ContainsKey(name);

    /// <summary>Nodes (in this graph or its subgraphs) and graph outputs that read the value.</summary>
    public int UseCount(string name) => _useCounts.GetValueOrDefault(name);

    /// <summary>Values of a constant int64 tensor (shape, axes), or null when not a constant of that kind.</summary>
    public long[]? ConstantInt64s(string name)
    {
        if (_initializers.TryGetValue(name, out var tensor))
        {
            return OnnxInt64Tensor.Read(tensor);
        }

        if (!_constantNodes.TryGetValue(name, out var node))
        {
            return null;
        }

        var attribute = node.Attribute.FirstOrDefault(a => a.Name is "value" or "value_ints");
        return attribute switch
        {
            { Name: "value", T: not null } => OnnxInt64Tensor.Read(attribute.T),
            { Name: "value_ints" } => attribute.Ints.ToArray(),
            _ => null,
        };
    }

    /// <summary>The dims of a constant tensor, or null when the value is not a constant tensor.</summary>
    public IReadOnlyList<long>? ConstantDims(string name)
    {
        if (_initializers.TryGetValue(name, out var tensor))
        {
            return tensor.Dims;
        }

        var attribute = _constantNodes.GetValueOrDefault(name)?.Attribute.FirstOrDefault(a => a.Name == "value");
        return attribute?.T?.Dims;
    }

    /// <summary>
    /// Overwrites a constant's int64 values in place; only for constants with a single use.
    /// Returns false when the constant's storage is not one this can edit.
    /// </summary>
    public bool TryOverwriteInt64s(string name, IReadOnlyList<long> values)
    {
        if (_initializers.TryGetValue(name, out var tensor))
        {
            OnnxInt64Tensor.Write(tensor, values);
            return true;
        }

        var attribute = _constantNodes.GetValueOrDefault(name)?.Attribute.FirstOrDefault(a => a.Name is "value" or "value_ints");
        switch (attribute)
        {
            case { Name: "value", T: not null }:
                OnnxInt64Tensor.Write(attribute.T, values);
                return true;
            case { Name: "value_ints" }:
                attribute.Ints.Clear();
                attribute.Ints.AddRange(values);
                return true;
            default:
                return false;
        }
    }

    private static bool IsConstantNode(NodeProto node) =>
        node.OpType == "Constant" && node.Domain is "" or "ai.onnx" && node.Output.Count == 1;

    private void CountUses(GraphProto graph)
    {
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                AddUse(input);
            }

            // Subgraphs (If, Loop, Scan) may read outer values by name.
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    CountUses(attribute.G);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    CountUses(subgraph);
                }
            }
        }
    }

    private void AddUse(string name)
    {
        if (name.Length > 0)
        {
            _useCounts[name] = _useCounts.GetValueOrDefault(name) + 1;
        }
    }
}
