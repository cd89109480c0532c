using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CloudFreq.Functions.Http;

/// <summary><c>GET /api/health</c>, without a key (probes and load balancers), as <c>cloudfreq serve</c> answers it.</summary>
public static class HealthFunction
{
    public const string Name = "Health";

    [Function(Name)]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new HealthBody("healthy", "functions"));

    public sealed record HealthBody(string Status, string Role);
}
