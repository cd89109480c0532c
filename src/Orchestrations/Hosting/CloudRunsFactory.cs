using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>
/// Makes the runs service over a Durable Task client. <c>cloudfreq serve</c> has one client for its life;
/// a Functions invocation gets its client from the <c>[DurableClient]</c> binding, so the service is made per call (cheap: no I/O).
/// </summary>
public sealed class CloudRunsFactory(
    RunBlobs runBlobs, IBlobStore blobs, RunInputStager validator, WorkflowSettings settings, TimeProvider clock, ILoggerFactory loggers)
{
    public DurableCloudRuns CreateRuns(IOrchestrationClient client) =>
        new(client, runBlobs, validator, settings, clock, loggers.CreateLogger<DurableCloudRuns>());

    public MarkerTrigger CreateMarkerTrigger(IOrchestrationClient client) =>
        new(CreateRuns(client), blobs, loggers.CreateLogger<MarkerTrigger>());
}
