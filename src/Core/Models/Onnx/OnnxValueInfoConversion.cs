using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>Reads and writes declared shapes between the protobuf messages and <see cref="OnnxDim"/>.</summary>
internal static class OnnxValueInfoConversion
{
    public static OnnxValueInfo FromProto(ValueInfoProto valueInfo)
    {
        var tensor = valueInfo.Type?.TensorType;
        if (tensor is null)
        {
            // Sequences, maps and optionals have no tensor shape; image models never use them as inputs.
            return new OnnxValueInfo(valueInfo.Name, OnnxElementTypes.Undefined, [], HasShape: false);
        }

        if (tensor.Shape is null)
        {
            return new OnnxValueInfo(valueInfo.Name, tensor.ElemType, [], HasShape: false);
        }

        return new OnnxValueInfo(valueInfo.Name, tensor.ElemType, tensor.Shape.Dim.Select(FromProto).ToArray());
    }

    public static OnnxDim FromProto(TensorShapeProto.Types.Dimension dimension) => dimension.ValueCase switch
    {
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => OnnxDim.Fixed(dimension.DimValue),
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when dimension.DimParam.Length > 0 =>
            OnnxDim.Symbolic(dimension.DimParam),
        _ => OnnxDim.Unknown,
    };

    /// <summary>The declared dims of a value, or null when it has no tensor shape.</summary>
    public static TensorShapeProto? ShapeOf(ValueInfoProto valueInfo) => valueInfo.Type?.TensorType?.Shape;
}
