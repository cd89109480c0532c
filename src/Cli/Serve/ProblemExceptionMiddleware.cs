using CloudFreq.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve;

/// <summary>Turns what escapes the endpoints into problem details (<see cref="UnhandledProblems"/>, as the Functions app does).</summary>
public sealed class ProblemExceptionMiddleware(RequestDelegate next, ILogger<ProblemExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            if (UnhandledProblems.For(ex, context, logger) is { } problem)
            {
                context.Response.Clear();
                await problem.ExecuteAsync(context).ConfigureAwait(false);
            }
        }
    }
}
