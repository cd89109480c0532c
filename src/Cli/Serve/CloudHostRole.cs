using CloudFreq.Core;

namespace CloudFreq.Cli.Serve;

/// <summary>What a host process does: serve the HTTP API, run the task hub worker, or both.</summary>
[Flags]
public enum CloudHostRole
{
    Api = 1,

    /// <summary>The task hub worker: orchestrations and work items.</summary>
    Worker = 2,
    All = Api | Worker,
}

public static class CloudHostRoles
{
    /// <summary>Parses <c>api</c>, <c>worker</c> and <c>all</c> (or <c>both</c>).</summary>
    public static CloudHostRole Parse(string? value, string source = "--role") => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" or "both" => CloudHostRole.All,
        "api" => CloudHostRole.Api,
        "worker" => CloudHostRole.Worker,
        var other => throw new CloudFreqException($"{source}: '{other}' is not one of api, worker, all."),
    };

    /// <summary>The name <see cref="Parse"/> reads back (logs, the health body).</summary>
    public static string Name(this CloudHostRole role) => role switch
    {
        CloudHostRole.All => "all",
        CloudHostRole.Api => "api",
        CloudHostRole.Worker => "worker",
        _ => role.ToString().ToLowerInvariant(),
    };
}
