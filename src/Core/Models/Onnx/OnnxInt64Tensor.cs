using System.Buffers.Binary;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>Reads and writes the values of int64 tensors (shapes, axes) in either storage form ONNX allows.</summary>
internal static class OnnxInt64Tensor
{
    /// <summary>The values, or null when the tensor is not int64 or its data is external.</summary>
    public static long[]? Read(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Int64
            || tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            return null;
        }

        if (!tensor.HasRawData)
        {
            return tensor.Int64Data.ToArray();
        }

        var raw = tensor.RawData.Span;
        if (raw.Length % sizeof(long) != 0)
        {
            return null;
        }

        var values = new long[raw.Length / sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * sizeof(long))..]);
        }

        return values;
    }

    /// <summary>Replaces the values, keeping the storage form (raw_data or int64_data) the tensor used.</summary>
    public static void Write(TensorProto tensor, IReadOnlyList<long> values)
    {
        if (tensor.HasRawData)
        {
            var raw = new byte[values.Count * sizeof(long)];
            for (var i = 0; i < values.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
            }

            tensor.RawData = ByteString.CopyFrom(raw);
        }
        else
        {
            tensor.Int64Data.Clear();
            tensor.Int64Data.AddRange(values);
        }
    }

    /// <summary>A new 1-D int64 tensor holding <paramref name="values"/> (raw_data, as exporters write).</summary>
    public static TensorProto Create(string name, IReadOnlyList<long> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.Empty };
        tensor.Dims.Add(values.Count);
        Write(tensor, values);
        return tensor;
    }
}
