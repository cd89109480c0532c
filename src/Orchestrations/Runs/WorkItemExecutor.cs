using System.Buffers;
using System.Diagnostics;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>Runs one work item through its analysis: the same code for local and cloud runs.</summary>
public sealed class WorkItemExecutor(IModelSessions sessions, ExecutionSettings settings)
{
    public WorkItemExecutor(ClassifierCache classifiers, GradientModelCache gradientModels, ExecutionSettings settings)
        : this(new CachedModelSessions(classifiers, gradientModels), settings)
    {
    }

    // The current and the prefetched batch: two buffers per size, reused by every item this executor runs.
    private readonly ArrayPool<float> _batchBuffers = ArrayPool<float>.Create(Array.MaxLength, maxArraysPerBucket: 2);

    public ItemResult Execute(PreparedRun run, WorkItem item, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var prepared = run.Datasets[item.DatasetIndex];
        var dataset = prepared.Dataset;
        var model = run.Models[item.ModelIndex];
        var analysis = run.Analyses.FirstOrDefault(a => a.Name == item.Analysis)
            ?? throw new InvalidOperationException($"work item {item.Id}: analysis '{item.Analysis}' is not in the run.");
        var classifier = sessions.Classifier(model);
        var reader = new DatasetBatchReader(dataset, classifier.BatchSize, run.Spec.Strict, settings.DecodeThreads, _batchBuffers);
        var partial = analysis.Execute(
            new AnalysisInput(dataset, reader, item.Item, classifier, run.Spec.Seed, prepared.IndexOf, progress, sessions.GradientModels(model)),
            cancellationToken);
        return new ItemResult
        {
            ItemId = item.Id,
            Analysis = item.Analysis,
            ModelSha256 = model.Sha256,
            Partial = partial,
            Skipped = [.. reader.Skipped],
            Timings = new ItemTimings(
                item.Count - reader.Skipped.Count,
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                reader.DecodeTime.TotalSeconds),
        };
    }
}
