using CloudFreq.Core.Analyses;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Costs;

/// <summary>Transforms the image at <paramref name="index"/> of a batch into <paramref name="destination"/>.</summary>
public delegate void ImageTransform(ReadOnlySpan<float> image, int index, Span<float> destination);

/// <summary>
/// A transform family that is one function of one image: the probe runs it over a batch of random images
/// on every core, one worker state per core (FFT plans and scratch buffers are not thread-safe), as the
/// analyses do.
/// </summary>
/// <param name="createWorker">Makes one core's transform for images of the given shape (called once per core).</param>
public sealed class PerImageTransformFamily(string name, Func<ImageShape, ImageTransform> createWorker) : ITransformFamily
{
    public string Name => name;

    public ITransformProbe CreateProbe(TransformProbeContext context) => new Probe(context, createWorker);

    private sealed class Probe : ITransformProbe
    {
        private readonly int _count;
        private readonly int _length;
        private readonly float[] _images;
        private readonly float[] _output;
        private readonly ImageWorkers<ImageTransform> _workers;

        public Probe(TransformProbeContext context, Func<ImageShape, ImageTransform> createWorker)
        {
            var shape = context.Shape;
            _count = context.BatchSize;
            _length = shape.Length;
            _images = context.RandomImages(_count);
            _output = new float[_images.Length];
            _workers = new ImageWorkers<ImageTransform>(() => createWorker(shape));
        }

        public int Run(CancellationToken cancellationToken)
        {
            _workers.For(_count, (transform, i) => transform(_images.AsSpan(i * _length, _length), i, _output.AsSpan(i * _length, _length)), cancellationToken);
            return _count;
        }
    }
}
