namespace CloudFreq.Core.Costs;

/// <summary>
/// Reading and decoding one image of the run's dataset with its load transforms, in parallel as the
/// batch reader does: timed on the dataset's own files, since format and file size set the cost.
/// </summary>
public sealed class ImageDecodeTransform : ITransformFamily
{
    public static ImageDecodeTransform Instance { get; } = new();

    private ImageDecodeTransform()
    {
    }

    public string Name => "decode";

    public bool ReadsDataset => true;

    public ITransformProbe CreateProbe(TransformProbeContext context) => new Probe(context);

    private sealed class Probe(TransformProbeContext context) : ITransformProbe
    {
        private readonly float[] _images = new float[context.BatchSize * context.Shape.Length];
        private int _next;

        public int Run(CancellationToken cancellationToken)
        {
            var dataset = context.Dataset;
            var entries = dataset.Entries.Count;
            if (entries == 0)
            {
                return 0;
            }

            var length = context.Shape.Length;
            var first = _next;
            _next += context.BatchSize;

            // Evenly spread images, different ones on every call, so the OS file cache is as warm as in a run, not warmer.
            Parallel.For(0, context.BatchSize, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var index = (int)((long)(first + i) * 7919 % entries);
                try
                {
                    dataset.Load(index, _images.AsSpan(i * length, length));
                }
                catch (Data.ImageLoadException)
                {
                    // an unreadable image costs what reading it took; the run skips it the same way
                }
            });
            return context.BatchSize;
        }
    }
}
