namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// A graph input or output as declared in the model: its name, element type (an ONNX
/// <c>TensorProto.DataType</c> value, see <see cref="OnnxElementTypes"/>) and shape.
/// <paramref name="HasShape"/> is false when the model declares no shape at all (rank unknown);
/// <paramref name="Shape"/> is then empty.
/// </summary>
public sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<OnnxDim> Shape, bool HasShape = true)
{
    public override string ToString() =>
        $"{Name}: {OnnxElementTypes.Name(ElementType)} {(HasShape ? OnnxDim.Format(Shape) : "(no shape)")}";
}
