using System.Buffers;
using System.Diagnostics;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Data;

/// <summary>
/// Streams a range of a dataset as image batches: images decoded in parallel, the next batch
/// decoded while the caller works on the current one, two pooled buffers in all, so memory does
/// not grow with the dataset.
/// </summary>
/// <remarks>
/// A batch yielded by <see cref="Read"/> is valid until the next iteration step. Unreadable images
/// are skipped and listed in <see cref="Skipped"/>; with <c>strict</c> the first one stops the read.
/// </remarks>
/// <param name="buffers">
/// Pool of the two batch buffers. Pass one pool for all the items a worker runs, so large batches
/// are reused instead of becoming garbage per item; the shared pool by default.
/// </param>
public sealed class DatasetBatchReader(
    IImageDataset dataset,
    int batchSize,
    bool strict = false,
    int decodeThreads = 0,
    ArrayPool<float>? buffers = null)
{
    private readonly List<SkippedImage> _skipped = [];
    private long _decodeTicks;

    /// <summary>Images skipped so far, in dataset order.</summary>
    public IReadOnlyList<SkippedImage> Skipped => _skipped;

    /// <summary>Wall time spent decoding (summed over batches, overlapping the caller's work).</summary>
    public TimeSpan DecodeTime => Stopwatch.GetElapsedTime(0, _decodeTicks);

    public IEnumerable<ImageBatch> Read(int start, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, dataset.Entries.Count, nameof(count));
        return Read(new IndexRange(start, count), compact: true, cancellationToken);
    }

    /// <summary>
    /// Streams the images at <paramref name="indices"/>, in that order. With <paramref name="compact"/>
    /// false an unreadable image keeps its slot, with a null id and label -1, so positions stay
    /// aligned (image pairs read as A, B, A, B, ...).
    /// </summary>
    public IEnumerable<ImageBatch> Read(IReadOnlyList<int> indices, bool compact, CancellationToken cancellationToken = default)
    {
        var count = indices.Count;
        if (count == 0)
        {
            yield break;
        }

        using var current = new ImageBatch(dataset.Shape, batchSize, buffers);
        using var next = new ImageBatch(dataset.Shape, batchSize, buffers);
        var failures = new List<SkippedImage>();
        Fill(current, indices, 0, Math.Min(batchSize, count), compact, failures, cancellationToken);
        Record(failures);
        var (front, back) = (current, next);
        Task<List<SkippedImage>>? prefetch = null;
        try
        {
            for (var position = batchSize; ; position += batchSize)
            {
                prefetch = null;
                if (position < count)
                {
                    var nextStart = position;
                    var target = back;
                    prefetch = Task.Run(
                        () =>
                        {
                            var nextFailures = new List<SkippedImage>();
                            Fill(target, indices, nextStart, Math.Min(batchSize, count - nextStart), compact, nextFailures, cancellationToken);
                            return nextFailures;
                        },
                        cancellationToken);
                }

                if (front.Count > 0)
                {
                    yield return front;
                }

                if (prefetch is null)
                {
                    yield break;
                }

                var done = prefetch;
                prefetch = null;
                Record(done.GetAwaiter().GetResult());
                (front, back) = (back, front);
            }
        }
        finally
        {
            // A caller that stops early must not return a buffer to the pool while a decode still writes into it.
            if (prefetch is not null)
            {
                try
                {
                    prefetch.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // the caller's own failure is the one that matters
                }
            }
        }
    }

    private void Record(List<SkippedImage> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        if (strict)
        {
            throw new CloudFreqException($"{dataset.Source}: image {failures[0].Id} cannot be loaded: {failures[0].Reason} (--strict stops on the first bad image).");
        }

        _skipped.AddRange(failures);
    }

    private void Fill(
        ImageBatch batch,
        IReadOnlyList<int> indices,
        int first,
        int count,
        bool compact,
        List<SkippedImage> failures,
        CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var ok = new bool[count];
        var reasons = new string?[count];
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = decodeThreads > 0 ? decodeThreads : Environment.ProcessorCount,
        };

        // Decode straight into the slot of the image's position; failed slots are compacted away below.
        Parallel.For(0, count, options, i =>
        {
            try
            {
                dataset.Load(indices[first + i], batch.Image(i));
                ok[i] = true;
            }
            catch (ImageLoadException ex)
            {
                reasons[i] = ex.Message;
            }
        });

        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = dataset.Entries[indices[first + i]];
            if (!ok[i])
            {
                failures.Add(new SkippedImage(entry.Id, reasons[i] ?? "unreadable"));
                if (compact)
                {
                    continue;
                }

                batch.Image(kept).Clear();
                batch.Labels[kept] = -1;
                batch.Ids[kept] = null!;
                kept++;
                continue;
            }

            if (kept != i)
            {
                batch.Image(i).CopyTo(batch.Image(kept));
            }

            batch.Labels[kept] = entry.Label;
            batch.Ids[kept] = entry.Id;
            kept++;
        }

        batch.SetCount(kept);
        Interlocked.Add(ref _decodeTicks, Stopwatch.GetTimestamp() - began);
    }

    /// <summary>The indices start, start+1, ... as a list without materializing it.</summary>
    private sealed class IndexRange(int start, int count) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int index] => (uint)index < (uint)count ? start + index : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<int> GetEnumerator() => Enumerable.Range(start, count).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
