using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>
/// What both hosts register for the workflow (the Functions app and <c>cloudfreq serve</c>): the blob store,
/// the run blobs, the executor pool, the prepared-run leases, <see cref="WorkflowServices"/> for the
/// activities, and <see cref="CloudRunsFactory"/> for the runs API and the upload trigger. The hosts add
/// only their Durable Task client and engine.
/// </summary>
public static class WorkflowComposition
{
    public static IServiceCollection AddCloudFreqWorkflow(
        this IServiceCollection services, IBlobStore blobs, WorkflowHostOptions workflow, WorkerHostOptions worker)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(worker);

        // Both throw CloudFreqException naming the setting, so a bad host.json stops the host at start.
        var settings = workflow.ToSettings();
        var scoring = worker.ToScoringOptions();
        var cacheDirectory = workflow.ResolvedCacheDirectory;

        services.AddSingleton(blobs);
        services.AddSingleton(new RunBlobs(blobs));
        services.AddSingleton(settings);
        services.AddSingleton(workflow);
        services.AddSingleton(worker);
        services.AddSingleton(scoring);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new WorkItemExecutorPool(new ExecutionSettings { Scoring = scoring }));

        // TryAdd: tests put a runner with injected faults in front of the pool.
        services.TryAddSingleton<IWorkItemRunner>(sp => sp.GetRequiredService<WorkItemExecutorPool>());
        services.AddSingleton(_ => new PreparedRunLeases(
            new RunInputStager(blobs, cacheDirectory),
            new RunPreparer(new DatasetOpener(Path.Combine(cacheDirectory, "gzip")), new ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(scoring)),
            new RunPlanner()));
        services.AddSingleton(sp => new WorkflowServices(
            sp.GetRequiredService<RunBlobs>(),
            sp.GetRequiredService<PreparedRunLeases>(),
            new ItemShardStager(blobs),
            sp.GetRequiredService<IWorkItemRunner>(),
            new RunSummarizer(LocalRun.Tool),
            new ReportPublisher(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        services.AddSingleton(sp => new CloudRunsFactory(
            sp.GetRequiredService<RunBlobs>(),
            blobs,
            new RunInputStager(blobs, cacheDirectory),
            settings,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
