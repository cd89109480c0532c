using System.Text.Json;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Api;

/// <summary>The body of <c>POST /api/runs</c>: the run id and its management URLs (Durable Functions' names).</summary>
public sealed record RunStartedBody(string Id, string StatusQueryGetUri, string CancelPostUri, string ReportGetUri);

/// <summary>The status of a run, as Durable Functions' instance status.</summary>
public sealed record RunStatusBody(
    string InstanceId,
    string RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    JsonElement? Input,
    RunProgressBody CustomStatus,
    RunOutputBody? Output)
{
    /// <summary>Durable Functions' runtime status names; Summarizing is still Running from outside.</summary>
    public static string RuntimeStatusOf(RunStatus status) => status switch
    {
        RunStatus.Pending => "Pending",
        RunStatus.Running or RunStatus.Summarizing => "Running",
        RunStatus.Completed => "Completed",
        RunStatus.Failed => "Failed",
        RunStatus.Canceled => "Canceled",
        _ => "Unknown",
    };

    public static bool HasEnded(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled;

    public static RunStatusBody From(RunState run, RunUrls urls) => new(
        run.RunId,
        RuntimeStatusOf(run.Status),
        run.CreatedTime,
        run.LastUpdatedTime,
        ParseInput(run.SpecJson),
        new RunProgressBody(run.Done, run.Total, run.Failed),
        run.Status switch
        {
            RunStatus.Completed => new RunOutputBody(new RunReportLinks(urls.Report(run.RunId, "json"), urls.Report(run.RunId, "csv"), urls.Report(run.RunId, "html")), null),
            RunStatus.Failed => new RunOutputBody(null, run.Error ?? "the run failed."),
            _ => null,
        });

    private static JsonElement? ParseInput(string specJson)
    {
        if (string.IsNullOrWhiteSpace(specJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(specJson);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(specJson);
        }
    }
}

/// <summary>Progress: items with a result, items planned, items that failed for good.</summary>
public sealed record RunProgressBody(int ItemsDone, int ItemsTotal, int ItemsFailed);

/// <summary>The output of an ended run: report links when completed, the error when failed.</summary>
public sealed record RunOutputBody(RunReportLinks? Reports, string? Error);

public sealed record RunReportLinks(string Json, string Csv, string Html);

/// <summary>A page of runs; the next page's token is also in the <c>x-ms-continuation-token</c> header.</summary>
public sealed record RunListBody(IReadOnlyList<RunStatusBody> Runs, string? ContinuationToken);

/// <summary>Absolute URLs of a run's endpoints, from the request's scheme, host and path base.</summary>
public sealed record RunUrls(string BaseUrl)
{
    public string Status(string runId) => $"{BaseUrl}/api/runs/{Uri.EscapeDataString(runId)}";

    public string Cancel(string runId) => Status(runId) + "/cancel";

    public string Report(string runId, string format) => Status(runId) + "/report?format=" + format;

    public static RunUrls From(Microsoft.AspNetCore.Http.HttpRequest request) =>
        new($"{request.Scheme}://{request.Host}{request.PathBase}");
}
