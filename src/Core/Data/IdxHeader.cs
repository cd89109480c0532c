using System.Buffers.Binary;

namespace CloudFreq.Core.Data;

/// <summary>The header of an IDX file of unsigned bytes: magic 0x000008NN (NN = dimensions) and the sizes.</summary>
internal sealed record IdxHeader(IReadOnlyList<int> Dimensions)
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Bytes before the data.</summary>
    public int Size => 4 + (4 * Dimensions.Count);

    /// <summary>Reads the header and checks the magic number.</summary>
    public static IdxHeader Read(Stream stream, int expectedMagic, string path)
    {
        Span<byte> word = stackalloc byte[4];
        if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
        {
            throw new CloudFreqException($"{path}: too short for an IDX header.");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
        {
            var kind = expectedMagic == ImagesMagic ? "images (idx3, unsigned bytes)" : "labels (idx1, unsigned bytes)";
            throw new CloudFreqException($"{path}: bad IDX magic 0x{magic:X8}; an IDX {kind} file starts with 0x{expectedMagic:X8}.");
        }

        var dimensions = new int[expectedMagic & 0xff];
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
            {
                throw new CloudFreqException($"{path}: the IDX header is truncated.");
            }

            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[i] < 0)
            {
                throw new CloudFreqException($"{path}: negative IDX dimension {dimensions[i]}.");
            }
        }

        return new IdxHeader(dimensions);
    }
}
