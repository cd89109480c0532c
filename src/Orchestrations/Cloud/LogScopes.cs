using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>Logging scopes that carry the run and item ids.</summary>
internal static class LogScopes
{
    public static IDisposable? ForRun(this ILogger logger, string runId) =>
        logger.BeginScope(new Dictionary<string, object> { ["runId"] = runId });

    public static IDisposable? ForItem(this ILogger logger, string runId, string itemId) =>
        logger.BeginScope(new Dictionary<string, object> { ["runId"] = runId, ["itemId"] = itemId });
}
