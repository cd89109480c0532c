using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>Finds tensors whose data is stored outside the model file.</summary>
internal static class OnnxExternalData
{
    public static IReadOnlyList<string> TensorNames(GraphProto graph)
    {
        var names = new List<string>();
        Collect(graph, names);
        return names;
    }

    private static void Collect(GraphProto graph, List<string> names)
    {
        names.AddRange(graph.Initializer.Where(IsExternal).Select(tensor => tensor.Name));
        foreach (var attribute in graph.Node.SelectMany(node => node.Attribute))
        {
            if (attribute.T is not null && IsExternal(attribute.T))
            {
                names.Add(attribute.T.Name);
            }

            names.AddRange(attribute.Tensors.Where(IsExternal).Select(tensor => tensor.Name));
            if (attribute.G is not null)
            {
                Collect(attribute.G, names);
            }

            foreach (var subgraph in attribute.Graphs)
            {
                Collect(subgraph, names);
            }
        }
    }

    private static bool IsExternal(TensorProto tensor) =>
        tensor.DataLocation == TensorProto.Types.DataLocation.External;
}
