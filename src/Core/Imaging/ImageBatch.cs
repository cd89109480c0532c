using System.Buffers;

namespace CloudFreq.Core.Imaging;

/// <summary>
/// A batch of images as float32 NCHW in [0,1], backed by a pooled buffer.
/// </summary>
/// <remarks>
/// The batch owns its buffer and returns it to the pool on <see cref="Dispose"/>. Images are
/// addressed by index through spans, so no per-image arrays are made on the hot path.
/// </remarks>
public sealed class ImageBatch : IDisposable
{
    private readonly ArrayPool<float> _pool;
    private float[]? _pixels;

    /// <param name="pool">Where the pixel buffer comes from and returns to; the shared pool by default.</param>
    public ImageBatch(ImageShape shape, int capacity, ArrayPool<float>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape.Length);
        Shape = shape;
        Capacity = capacity;
        _pool = pool ?? ArrayPool<float>.Shared;
        _pixels = _pool.Rent(checked(shape.Length * capacity));
        Labels = new int[capacity];
        Ids = new string[capacity];
    }

    public ImageShape Shape { get; }

    public int Capacity { get; }

    /// <summary>Number of images currently held (0..Capacity).</summary>
    public int Count { get; private set; }

    /// <summary>Label of each image (index into the dataset's class list).</summary>
    public int[] Labels { get; }

    /// <summary>
    /// Stable identity of each image (DESIGN.md section 3); null for a slot whose image failed to
    /// load in a read that keeps slots aligned.
    /// </summary>
    public string[] Ids { get; }

    /// <summary>The pixels of the images currently held, NCHW.</summary>
    public Span<float> Pixels => Buffer.AsSpan(0, Count * Shape.Length);

    /// <summary>The pixels of the images currently held, as memory (for wrapping in tensors).</summary>
    public Memory<float> PixelMemory => Buffer.AsMemory(0, Count * Shape.Length);

    /// <summary>The pixels of image <paramref name="index"/>, CHW.</summary>
    public Span<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Capacity, nameof(index));
        return Buffer.AsSpan(index * Shape.Length, Shape.Length);
    }

    /// <summary>Sets how many images are held; slots beyond keep stale data.</summary>
    public void SetCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)Capacity, nameof(count));
        Count = count;
    }

    private float[] Buffer => _pixels ?? throw new ObjectDisposedException(nameof(ImageBatch));

    public void Dispose()
    {
        var pixels = Interlocked.Exchange(ref _pixels, null);
        if (pixels is not null)
        {
            _pool.Return(pixels);
        }
    }
}
