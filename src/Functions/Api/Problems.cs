using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CloudFreq.Functions.Api;

/// <summary>RFC 7807 problem details: type, title, status, detail, and the offending field in <c>field</c> and <c>errors</c>.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The type URI of a problem kind (<c>urn:cloudfreq:problem:invalid-json</c> and so on).</summary>
    public static string TypeOf(string slug) => "urn:cloudfreq:problem:" + slug;

    public static ProblemDetails Create(int status, string slug, string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeOf(slug),
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
            problem.Extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] };
        }

        return problem;
    }

    public static IResult Result(int status, string slug, string title, string detail, string? field = null) =>
        TypedResults.Problem(Create(status, slug, title, detail, field));

    public static Task WriteAsync(HttpContext context, int status, string slug, string title, string detail, string? field = null) =>
        Result(status, slug, title, detail, field).ExecuteAsync(context);

    public static IResult NotFound(string runId) =>
        Result(StatusCodes.Status404NotFound, "run-not-found", "Run not found", $"no run with id '{runId}'.", "id");
}
