using CloudFreq.Core;

namespace CloudFreq.Functions.Hosting;

/// <summary>What a host process does: serve the HTTP API, run the queue workers and sweep, or both.</summary>
[Flags]
public enum CloudHostRole
{
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}

public static class CloudHostRoles
{
    /// <summary>Parses <c>api</c>, <c>worker</c>, <c>all</c> (or <c>both</c>).</summary>
    public static CloudHostRole Parse(string? value, string source = "--role") => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" or "both" => CloudHostRole.All,
        "api" => CloudHostRole.Api,
        "worker" => CloudHostRole.Worker,
        var other => throw new CloudFreqException($"{source}: '{other}' is not one of api, worker, all."),
    };
}
