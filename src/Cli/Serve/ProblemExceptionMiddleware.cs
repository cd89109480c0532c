using CloudFreq.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve;

/// <summary>Turns what escapes the endpoints into problem details: bad requests keep their status, anything else is a 500 without internals.</summary>
public sealed class ProblemExceptionMiddleware(RequestDelegate next, ILogger<ProblemExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var status = ex.StatusCode;
            await (status == StatusCodes.Status413PayloadTooLarge
                ? Problems.WriteAsync(context, status, "body-too-large", "Request body too large", "the request body is larger than the host accepts.", "body")
                : Problems.WriteAsync(context, status, "bad-request", "Bad request", "the request could not be read.")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "Unhandled error in {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            context.Response.Clear();
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal-error", "Internal error",
                $"the request failed unexpectedly; the host's log has the details (trace {context.TraceIdentifier}).").ConfigureAwait(false);
        }
    }
}
