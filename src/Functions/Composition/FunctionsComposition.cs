using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloudFreq.Functions.Composition;

/// <summary>
/// The composition of the Functions app: the workflow's services over the <c>AzureWebJobsStorage</c>
/// account (the account the Durable extension keeps its task hub in), with the <c>cloudfreq</c> section of
/// host.json, exactly as <c>cloudfreq serve</c> registers them (<see cref="WorkflowComposition"/>). The
/// Durable engine, its client and the triggers come from the Functions host and its extensions.
/// </summary>
public static class FunctionsComposition
{
    public static void Register(IConfigurationManager configuration, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(services);

        // The worker does not see host.json through its configuration; read CloudFreq's sections from it
        // first, so app settings (cloudfreq__batchSize and so on) still override them.
        HostJsonSource.AddTo(configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));

        var worker = new WorkerHostOptions();
        configuration.GetSection(WorkerHostOptions.SectionName).Bind(worker);
        var workflow = new WorkflowHostOptions();
        configuration.GetSection(WorkflowHostOptions.SectionName).Bind(workflow);
        var storage = FunctionsStorage.Resolve(key => configuration[key]);
        var blobs = new AzureBlobStore(StorageClientFactory.Create(storage, configuration[StorageClientFactory.ClientIdSetting]).Blobs);

        services.AddCloudFreqWorkflow(blobs, workflow, worker);
        services.AddSingleton(new RunsApiOptions());
        services.AddSingleton<Workflow.WorkflowActivities>();
        FunctionsTelemetry.Add(configuration, services);
    }
}
