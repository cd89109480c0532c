namespace CloudFreq.Core.Models.Onnx;

/// <summary>The ONNX tensor element types (<c>TensorProto.DataType</c>) that CloudFreq meets.</summary>
public static class OnnxElementTypes
{
    public const int Undefined = 0;
    public const int Float = 1;
    public const int UInt8 = 2;
    public const int Int8 = 3;
    public const int Int32 = 6;
    public const int Int64 = 7;
    public const int Bool = 9;
    public const int Float16 = 10;
    public const int Double = 11;

    /// <summary>A readable name for messages, such as "float32".</summary>
    public static string Name(int elementType) => elementType switch
    {
        Undefined => "undefined",
        Float => "float32",
        UInt8 => "uint8",
        Int8 => "int8",
        4 => "uint16",
        5 => "int16",
        Int32 => "int32",
        Int64 => "int64",
        8 => "string",
        Bool => "bool",
        Float16 => "float16",
        Double => "float64",
        12 => "uint32",
        13 => "uint64",
        16 => "bfloat16",
        _ => "type " + elementType.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
