using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudFreq.Orchestrations.Api;

/// <summary>
/// The runs API (DESIGN.md section 6, Durable Functions' HTTP conventions), written once: <c>cloudfreq serve</c>
/// maps these handlers as endpoints (<see cref="MapRunsApi"/>), the Functions app calls them from its HTTP
/// functions. Each handler takes the request's context and an <see cref="ICloudRuns"/> and returns the answer.
/// </summary>
public static class RunsApi
{
    public const string ContinuationHeader = "x-ms-continuation-token";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxContinuationLength = 4096;

    /// <summary>Seconds a client should wait before asking again about a run in progress.</summary>
    public const int RetryAfterSeconds = 5;

    private static readonly Dictionary<string, (string File, string ContentType)> ReportFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = ("report.json", "application/json"),
        ["csv"] = ("results.csv", "text/csv; charset=utf-8"),
        ["html"] = ("report.html", "text/html; charset=utf-8"),
    };

    /// <summary>The JSON of every body (both hosts): camelCase, nulls left out, enums by name.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapGroup("/api/runs");
        runs.MapPost("/", StartAsync);
        runs.MapGet("/", ListAsync);
        runs.MapGet("/{id}", GetAsync);
        runs.MapPost("/{id}/cancel", CancelAsync);
        runs.MapGet("/{id}/report", ReportAsync);
        return endpoints;
    }

    public static async Task<IResult> StartAsync(HttpContext context, ICloudRuns runs, RunsApiOptions options)
    {
        var (spec, problem) = await RunSpecReader.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var run = await runs.StartAsync(spec!, "http", cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var urls = RunUrls.From(context.Request);
            var body = new RunStartedBody(run.RunId, urls.Status(run.RunId), urls.Cancel(run.RunId), urls.Report(run.RunId, "html"));
            context.Response.Headers.Location = body.StatusQueryGetUri;
            return TypedResults.Json(body, JsonOptions, statusCode: StatusCodes.Status202Accepted);
        }
        catch (RunSpecException ex)
        {
            // The one validator (RunSpecValidator, run by the workflow's start) and the storage checks refuse with the field.
            return Problems.InvalidRunSpec(ex);
        }
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, ICloudRuns runs)
    {
        if (RunIds.Problem(id) is { } bad)
        {
            return BadId(bad);
        }

        var run = await runs.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.NotFound(id);
        }

        var body = RunStatusBody.From(run, RunUrls.From(context.Request));
        if (RunStatusBody.HasEnded(run.Status))
        {
            return TypedResults.Json(body, JsonOptions);
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.Location = RunUrls.From(context.Request).Status(run.RunId);
        return TypedResults.Json(body, JsonOptions, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync(HttpContext context, ICloudRuns runs)
    {
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        if (query["pageSize"].FirstOrDefault() is { Length: > 0 } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", $"pageSize must be a whole number from 1 to {MaxPageSize}.", "pageSize");
        }

        var token = query["continuationToken"].FirstOrDefault() ?? context.Request.Headers[ContinuationHeader].FirstOrDefault();
        if (string.IsNullOrEmpty(token))
        {
            token = null;
        }
        else if (token.Length > MaxContinuationLength || token.Any(char.IsControl))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "the continuation token is not one this API gave out.", "continuationToken");
        }

        Orchestrations.Ports.RunPage page;
        try
        {
            page = await runs.ListAsync(token, pageSize, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (token is not null && ex is ArgumentException or FormatException)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "the continuation token is not one this API gave out.", "continuationToken");
        }

        var urls = RunUrls.From(context.Request);
        if (page.Continuation is { } next)
        {
            context.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Json(new RunListBody([.. page.Runs.Select(r => RunStatusBody.From(r, urls))], page.Continuation), JsonOptions);
    }

    public static async Task<IResult> CancelAsync(string id, HttpContext context, ICloudRuns runs)
    {
        if (RunIds.Problem(id) is { } bad)
        {
            return BadId(bad);
        }

        var run = await runs.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.NotFound(id);
        }

        if (!RunStatusBody.HasEnded(run.Status))
        {
            run = await runs.CancelAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (run is null)
            {
                return Problems.NotFound(id);
            }
        }
        else
        {
            return Ended(run);
        }

        if (run.Status is Orchestrations.Ports.RunStatus.Completed or Orchestrations.Ports.RunStatus.Failed)
        {
            return Ended(run);
        }

        var urls = RunUrls.From(context.Request);
        context.Response.Headers.Location = urls.Status(run.RunId);
        return TypedResults.Json(RunStatusBody.From(run, urls), JsonOptions, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ReportAsync(string id, HttpContext context, ICloudRuns runs)
    {
        if (RunIds.Problem(id) is { } bad)
        {
            return BadId(bad);
        }

        var format = context.Request.Query["format"].FirstOrDefault() ?? "html";
        if (!ReportFormats.TryGetValue(format, out var report))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "format must be json, csv or html.", "format");
        }

        var run = await runs.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.NotFound(id);
        }

        var bytes = run.Status == Orchestrations.Ports.RunStatus.Completed
            ? await runs.ReadReportAsync(id, report.File, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (bytes is null)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "report-not-available", "Report not available",
                $"run '{id}' has no {report.File} (it is {RunStatusBody.RuntimeStatusOf(run.Status)}).", "id");
        }

        return TypedResults.File(bytes, report.ContentType, fileDownloadName: null);
    }

    private static IResult Ended(Orchestrations.Ports.RunState run) =>
        Problems.Result(StatusCodes.Status409Conflict, "run-ended", "Run already ended",
            $"run '{run.RunId}' is already {RunStatusBody.RuntimeStatusOf(run.Status)}.", "id");

    private static IResult BadId(string detail) =>
        Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-id", "Invalid run id", detail, "id");
}
