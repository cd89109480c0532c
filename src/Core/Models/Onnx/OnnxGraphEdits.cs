using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>Small helpers shared by the graph transforms (blur defense, preprocessing fold, gradient graph).</summary>
internal static class OnnxGraphEdits
{
    /// <summary>Every name the graph uses (values, initializers, nodes): new names must avoid them.</summary>
    public static HashSet<string> TakenNames(GraphProto graph)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        taken.UnionWith(graph.Input.Select(v => v.Name));
        taken.UnionWith(graph.Output.Select(v => v.Name));
        taken.UnionWith(graph.ValueInfo.Select(v => v.Name));
        taken.UnionWith(graph.Initializer.Select(t => t.Name));
        foreach (var node in graph.Node)
        {
            taken.Add(node.Name);
            taken.UnionWith(node.Input);
            taken.UnionWith(node.Output);
        }

        return taken;
    }

    /// <summary>The graph input that declares an initializer: before IR version 4 every initializer must also be an input.</summary>
    public static ValueInfoProto InitializerInput(TensorProto tensor)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(tensor.Dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = tensor.Name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType, Shape = shape } },
        };
    }
}
