using CloudFreq.Functions.Workers;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudFreq.Functions.Hosting;

/// <summary>Registrations the composition function uses to plug the workflow into the host.</summary>
public static class CloudHostServices
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (a singleton built by DI from its constructor) and a
    /// <see cref="QueueListener{THandler}"/> for its queue. The listener (and so the handler) is only
    /// created when the host's role includes <see cref="CloudHostRole.Listeners"/>.
    /// </summary>
    public static IServiceCollection AddQueueListener<THandler>(this IServiceCollection services)
        where THandler : class, IQueueMessageHandler
    {
        services.AddSingleton<THandler>();
        return services.AddQueueListener(sp => sp.GetRequiredService<THandler>());
    }

    /// <summary>Registers a listener for a handler built by <paramref name="factory"/>.</summary>
    public static IServiceCollection AddQueueListener<THandler>(this IServiceCollection services, Func<IServiceProvider, THandler> factory)
        where THandler : class, IQueueMessageHandler
    {
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CloudHostSettings>().Role.HasFlag(CloudHostRole.Listeners)
            ? ActivatorUtilities.CreateInstance<QueueListener<THandler>>(sp, factory(sp))
            : new IdleService());
        return services;
    }

    /// <summary>
    /// Registers the periodic jobs: the sweep (<c>Sweeper.RunOnceAsync</c>) and the marker poller
    /// (<c>MarkerPoller.RunOnceAsync</c>, run only when <see cref="CloudHostSettings.MarkerPoller"/> is on),
    /// when the role includes <see cref="CloudHostRole.Sweep"/>.
    /// </summary>
    public static IServiceCollection AddSweepJobs(this IServiceCollection services, Func<IServiceProvider, SweepJobs> factory)
    {
        services.AddSingleton(factory);
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CloudHostSettings>().Role.HasFlag(CloudHostRole.Sweep)
            ? ActivatorUtilities.CreateInstance<SweepService>(sp)
            : new IdleService());
        return services;
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
