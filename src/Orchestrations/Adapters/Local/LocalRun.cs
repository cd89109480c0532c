using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Estimates;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Adapters.Local;

/// <summary>
/// Composes the embedded run: the shared planner, executor and summarizer over a local folder.
/// </summary>
public static class LocalRun
{
    /// <summary>The tool name and version written into reports.</summary>
    public static string Tool { get; } = "cloudfreq " + (typeof(LocalRun).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    public static async Task<RunOutcome> ExecuteAsync(
        PreparedRun run,
        string outDir,
        ExecutionSettings settings,
        IRunObserver observer,
        CancellationToken cancellationToken = default)
    {
        var store = new LocalFolderBlobStore(outDir);
        var sessions = new SessionFactory(settings.Scoring);
        using var classifiers = new ClassifierCache(sessions);
        using var gradientModels = new GradientModelCache(sessions);
        var coordinator = new LocalRunCoordinator(
            store,
            new RunPlanner(),
            new WorkItemExecutor(classifiers, gradientModels, settings),
            new RunSummarizer(Tool),
            new ReportPublisher(),
            observer,
            TimeProvider.System);
        return await coordinator.RunAsync(run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The dry run of <see cref="ExecuteAsync"/>: the same plan and the same check of what
    /// <paramref name="outDir"/> holds (its stored items would be resumed), reading only: nothing is
    /// written and the folder is not created.
    /// </summary>
    /// <param name="overwrite">The run would discard <paramref name="outDir"/> first: count every item as work.</param>
    /// <param name="workers">Workers like this machine for the estimate's wall time.</param>
    public static async Task<RunEstimate> EstimateAsync(
        PreparedRun run,
        string outDir,
        ExecutionSettings settings,
        CalibrationOptions calibration,
        bool overwrite,
        int workers = 1,
        CancellationToken cancellationToken = default)
    {
        var store = new LocalFolderBlobStore(outDir);
        var sessions = new SessionFactory(settings.Scoring);
        using var classifiers = new ClassifierCache(sessions);
        using var gradientModels = new GradientModelCache(sessions);
        var estimator = new RunEstimator(
            new RunPlanner(),
            new ModelCalibrator(new CachedModelSessions(classifiers, gradientModels), calibration),
            new TransformCalibrator(calibration),
            settings.Scoring);
        return await estimator.EstimateAsync(
            run,
            (items, token) => overwrite
                ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal))
                : LocalRunCoordinator.StoredItemsAsync(store, run, items, token),
            workers,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes what an earlier run wrote into <paramref name="outDir"/> (and nothing else).</summary>
    public static void Discard(string outDir)
    {
        foreach (var file in new[] { LocalRunCoordinator.RecordBlob, ReportPublisher.CsvName, ReportPublisher.JsonName, ReportPublisher.HtmlName })
        {
            var path = Path.Combine(outDir, file);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        var items = Path.Combine(outDir, LocalRunCoordinator.ItemsPrefix.TrimEnd('/'));
        if (Directory.Exists(items))
        {
            Directory.Delete(items, recursive: true);
        }
    }
}
