using CloudFreq.Functions.Durable;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Http;

/// <summary>
/// The runs API as HTTP functions (DESIGN.md section 6): each is one call into the handlers
/// <c>cloudfreq serve</c> maps (<see cref="RunsApi"/>), over the invocation's Durable client. The Functions
/// host checks the key (<c>x-functions-key</c> or <c>code</c>) at <see cref="AuthorizationLevel.Function"/>.
/// </summary>
public sealed class RunsHttpFunctions(CloudRunsFactory runs, RunsApiOptions options, ILogger<RunsHttpFunctions> logger)
{
    public const string StartRun = nameof(StartRun);
    public const string ListRuns = nameof(ListRuns);
    public const string GetRun = nameof(GetRun);
    public const string CancelRun = nameof(CancelRun);
    public const string GetRunReport = nameof(GetRunReport);

    [Function(StartRun)]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, (context, service) => RunsApi.StartAsync(context, service, options));

    [Function(ListRuns)]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, RunsApi.ListAsync);

    [Function(GetRun)]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        AnswerAsync(request, client, (context, service) => RunsApi.GetAsync(id, context, service));

    [Function(CancelRun)]
    public Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        AnswerAsync(request, client, (context, service) => RunsApi.CancelAsync(id, context, service));

    [Function(GetRunReport)]
    public Task<IActionResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}/report")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        AnswerAsync(request, client, (context, service) => RunsApi.ReportAsync(id, context, service));

    private async Task<IActionResult> AnswerAsync(
        HttpRequest request, DurableTaskClient client, Func<HttpContext, Orchestrations.Cloud.ICloudRuns, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var context = request.HttpContext;
        try
        {
            return new ResultActionResult(await handler(context, runs.CreateRuns(new DurableTaskClientPort(client))).ConfigureAwait(false));
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            return UnhandledProblems.For(ex, context, logger) is { } problem ? new ResultActionResult(problem) : new EmptyResult();
        }
    }
}
