using CloudFreq.Orchestrations.Hosting;

namespace CloudFreq.Cli.Serve;

/// <summary>What <c>cloudfreq serve</c> (or a test) asks of the host, beyond host.json and the environment.</summary>
public sealed record CloudHostSettings
{
    /// <summary>Command-line style arguments for the generic host (<c>--urls</c>, <c>--environment</c>, <c>--key=value</c>).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public CloudHostRole Role { get; init; } = CloudHostRole.All;

    /// <summary>
    /// Poll <c>datasets/*/run.json</c> markers (the self-hosted and Azurite setup). Off where Event Grid
    /// delivers blob-created events instead.
    /// </summary>
    public bool MarkerPoller { get; init; } = true;

    /// <summary>The storage connection string given on the command line; <c>CLOUDFREQ_STORAGE</c> etc. otherwise.</summary>
    public string? Storage { get; init; }

    /// <summary>host.json; by default the one beside the application, else in the working directory.</summary>
    public string? HostJsonPath { get; init; }

    /// <summary>Overrides the environment (Development, Production); default from <c>ASPNETCORE_ENVIRONMENT</c>/<c>DOTNET_ENVIRONMENT</c>.</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Largest accepted request body (run specs are small).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}

/// <summary>What the composition function gets to register the storage adapters and the workflow.</summary>
public sealed record CloudHostContext(
    CloudHostSettings Settings,
    Microsoft.Extensions.Configuration.IConfiguration Configuration,
    Microsoft.Extensions.Hosting.IHostEnvironment Environment,
    SelfHost.DurableHostOptions Durable,
    WorkflowHostOptions Workflow,
    WorkerHostOptions WorkerOptions,
    StorageConnection? Storage)
{
    public CloudHostRole Role => Settings.Role;

    /// <summary>The storage connection, or a clear error naming the settings when none was given.</summary>
    public StorageConnection RequireStorage() => Storage ?? throw new Core.CloudFreqException(
        $"no storage connection: pass --storage <connection string>, or set {StorageConnection.ConnectionStringKey} "
        + $"(UseDevelopmentStorage=true for Azurite) or {StorageConnection.AccountKey}.");
}
