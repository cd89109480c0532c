using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Api;

/// <summary>
/// What both hosts answer when an exception escapes a handler: bad requests keep their status, a client
/// that went away gets nothing, anything else is a 500 without internals (the log has them).
/// </summary>
public static partial class UnhandledProblems
{
    /// <returns>The problem to answer, or null when the client is gone and nothing should be written.</returns>
    public static IResult? For(Exception exception, HttpContext context, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        switch (exception)
        {
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return Problems.Result(bad.StatusCode, "body-too-large", "Request body too large", "the request body is larger than the host accepts.", "body");
            case BadHttpRequestException bad:
                return Problems.Result(bad.StatusCode, "bad-request", "Bad request", "the request could not be read.");
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return null;
            default:
                LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, context.TraceIdentifier);
                return Problems.Result(StatusCodes.Status500InternalServerError, "internal-error", "Internal error",
                    $"the request failed unexpectedly; the host's log has the details (trace {context.TraceIdentifier}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
