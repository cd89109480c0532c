using CloudFreq.Core.Metrics;

namespace CloudFreq.Core.Analyses;

/// <summary>Writes one image transformed under one condition of a sweep, with a worker thread's workspace.</summary>
internal delegate void SweepTransform<TWorkspace>(TWorkspace workspace, int condition, ReadOnlySpan<float> image, string imageId, Span<float> destination);

/// <summary>
/// The loop of the per-image sweeps (corruptions, additive noise): each chunk of an item's images is scored
/// clean (condition <c>""</c>), then transformed under every condition on the worker threads while the previous
/// condition is scored (<see cref="TransformPipeline"/>), counting correct top-1 predictions per condition.
/// </summary>
internal static class ConditionSweep
{
    public static ConditionCounts Run<TWorkspace>(
        AnalysisInput input,
        ImageWorkers<TWorkspace> workers,
        int conditions,
        Func<int, string> conditionKey,
        SweepTransform<TWorkspace> transform,
        CancellationToken cancellationToken)
    {
        var shape = input.Dataset.Shape;
        var classifier = input.Classifier;
        var chunk = Math.Max(1, classifier.BatchSize);
        var pipeline = new TransformPipeline(chunk * shape.Length);
        var logits = new float[chunk * classifier.ClassCount];
        var counts = new ConditionCounts();
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            for (var first = 0; first < batch.Count; first += chunk)
            {
                var n = Math.Min(chunk, batch.Count - first);
                var offset = first;
                classifier.Score(batch.Pixels.Slice(first * shape.Length, n * shape.Length), n, logits, cancellationToken);
                counts.Add(string.Empty, n, TopK.CountCorrect(logits, classifier.ClassCount, batch.Labels.AsSpan(offset, n)));
                pipeline.Run(
                    conditions,
                    (k, buffer) => workers.For(
                        n,
                        (workspace, i) => transform(workspace, k, batch.Image(offset + i), batch.Ids[offset + i], buffer.AsSpan(i * shape.Length, shape.Length)),
                        cancellationToken),
                    (k, buffer) =>
                    {
                        classifier.Score(buffer, n, logits, cancellationToken);
                        counts.Add(conditionKey(k), n, TopK.CountCorrect(logits, classifier.ClassCount, batch.Labels.AsSpan(offset, n)));
                    },
                    cancellationToken);
            }

            input.Progress?.Report(batch.Count);
        }

        return counts;
    }
}
