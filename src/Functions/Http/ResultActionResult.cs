using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CloudFreq.Functions.Http;

/// <summary>Lets an HTTP function return the shared API's <see cref="IResult"/> (the Functions ASP.NET Core integration executes action results).</summary>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    public IResult Result { get; } = result ?? throw new ArgumentNullException(nameof(result));

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
