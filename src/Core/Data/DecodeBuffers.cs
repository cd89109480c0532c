using System.Buffers;

namespace CloudFreq.Core.Data;

/// <summary>
/// Scratch arrays for decoding one dataset's images (file bytes, RGBA pixels, full-size float
/// planes). A bounded pool per dataset rather than <see cref="ArrayPool{T}.Shared"/>, whose
/// per-core caches keep dozens of multi-megabyte arrays of full-size photos alive after a run.
/// </summary>
internal sealed class DecodeBuffers
{
    // A few more than the decode threads: enough for every concurrent decode to reuse its arrays.
    private static readonly int ArraysPerBucket = Environment.ProcessorCount + 2;

    public ArrayPool<byte> Bytes { get; } = ArrayPool<byte>.Create(Array.MaxLength, ArraysPerBucket);

    public ArrayPool<float> Floats { get; } = ArrayPool<float>.Create(Array.MaxLength, ArraysPerBucket);
}
