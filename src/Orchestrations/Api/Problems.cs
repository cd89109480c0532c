using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CloudFreq.Orchestrations.Api;

/// <summary>
/// RFC 7807 problem details: type, title, status, detail, and the offending field in <c>field</c> and
/// <c>errors</c>. A problem naming a field is ASP.NET Core's validation problem
/// (<see cref="HttpValidationProblemDetails"/>: <c>errors: { field: [message] }</c>) with this API's status and type.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The type URI of a problem kind (<c>urn:cloudfreq:problem:invalid-json</c> and so on).</summary>
    public static string TypeOf(string slug) => "urn:cloudfreq:problem:" + slug;

    public static ProblemDetails Create(int status, string slug, string title, string detail, string? field = null)
    {
        var problem = field is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] });
        problem.Type = TypeOf(slug);
        problem.Title = title;
        problem.Status = status;
        problem.Detail = detail;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }

    public static IResult Result(int status, string slug, string title, string detail, string? field = null) =>
        TypedResults.Problem(Create(status, slug, title, detail, field));

    public static Task WriteAsync(HttpContext context, int status, string slug, string title, string detail, string? field = null) =>
        Result(status, slug, title, detail, field).ExecuteAsync(context);

    /// <summary>
    /// A run spec refused by the validator (<see cref="Orchestrations.Runs.RunSpecValidator"/>) or by the
    /// workflow's checks of storage: 422, <c>urn:cloudfreq:problem:invalid-run-spec</c>, its field in <c>errors</c>.
    /// </summary>
    public static IResult InvalidRunSpec(Orchestrations.Cloud.RunSpecException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = string.IsNullOrEmpty(exception.Field) ? "$" : exception.Field;
        return Result(StatusCodes.Status422UnprocessableEntity, "invalid-run-spec", "Invalid run spec", exception.Message, field);
    }

    public static IResult NotFound(string runId) =>
        Result(StatusCodes.Status404NotFound, "run-not-found", "Run not found", $"no run with id '{runId}'.", "id");
}
