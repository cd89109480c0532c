using CloudFreq.Core;

namespace CloudFreq.Functions.Hosting;

/// <summary>What a host process does: serve the HTTP API, run the queue listeners, run the sweep; any combination.</summary>
[Flags]
public enum CloudHostRole
{
    Api = 1,

    /// <summary>The queue listeners (trigger, control, work items).</summary>
    Listeners = 2,

    /// <summary>The sweep (and the marker poller when it is on).</summary>
    Sweep = 4,

    /// <summary>A worker host: listeners, and the sweep every sweep interval.</summary>
    Worker = Listeners | Sweep,
    All = Api | Worker,
}

public static class CloudHostRoles
{
    /// <summary>
    /// Parses <c>api</c>, <c>worker</c>, <c>all</c> (or <c>both</c>) and <c>sweep</c>: one sweep pass
    /// (poller included when on), then the host stops: what a scheduled job runs while the workers are at zero.
    /// </summary>
    public static CloudHostRole Parse(string? value, string source = "--role") => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" or "both" => CloudHostRole.All,
        "api" => CloudHostRole.Api,
        "worker" => CloudHostRole.Worker,
        "sweep" => CloudHostRole.Sweep,
        var other => throw new CloudFreqException($"{source}: '{other}' is not one of api, worker, sweep, all."),
    };

    /// <summary>The name <see cref="Parse"/> reads back (logs, the health body).</summary>
    public static string Name(this CloudHostRole role) => role switch
    {
        CloudHostRole.All => "all",
        CloudHostRole.Api => "api",
        CloudHostRole.Worker => "worker",
        CloudHostRole.Sweep => "sweep",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>A sweep-only host runs one pass and stops.</summary>
    public static bool IsOneShot(this CloudHostRole role) => role == CloudHostRole.Sweep;
}
