using CloudFreq.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CloudFreq.Functions.Hosting;

/// <summary>
/// The production composition of <c>cloudfreq serve</c>: storage adapters, the workflow and its
/// handlers. To be wired once the Azure adapters and the workflow are merged:
/// <code>
/// var ports = AzureCloudPorts.Create(context.RequireStorage(), ...);   // Adapters/Azure
/// services.AddSingleton(ports);
/// services.AddSingleton&lt;ICloudRuns, CloudRuns&gt;();
/// services.AddQueueListener&lt;TriggerHandler&gt;();
/// services.AddQueueListener&lt;ControlHandler&gt;();
/// services.AddQueueListener&lt;WorkItemHandler&gt;();
/// services.AddSingleton&lt;Sweeper&gt;().AddSingleton&lt;MarkerPoller&gt;();
/// services.AddSweepJobs(sp => new SweepJobs(
///     ct => sp.GetRequiredService&lt;Sweeper&gt;().RunOnceAsync(ct),
///     ct => sp.GetRequiredService&lt;MarkerPoller&gt;().RunOnceAsync(ct)));
/// </code>
/// </summary>
public static class CloudComposition
{
    public static void Register(CloudHostContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        context.RequireStorage();
        throw new CloudFreqException("this build has no cloud storage adapters wired yet (CloudComposition.Register).");
    }
}
