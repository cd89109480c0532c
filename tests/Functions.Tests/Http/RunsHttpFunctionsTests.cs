using System.Text.Json;
using CloudFreq.Functions.Http;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Workflow;
using Microsoft.AspNetCore.Mvc;

namespace CloudFreq.Functions.Tests.Http;

/// <summary>The HTTP functions' bodies: problems with the field, conventions of Durable Functions' HTTP API, the health probe.</summary>
public sealed class RunsHttpFunctionsTests
{
    [Fact]
    public async Task StartRun_InvalidSpec_Is422NamingTheField_AndStartsNothing()
    {
        using var app = new FunctionsHarness();
        var spec = WorkflowHarness.Spec() with { Models = [new ModelSpec { Path = "models/missing.onnx" }] };
        var request = HttpCall.Request("POST", "/api/runs", JsonSerializer.Serialize(spec, RunJson.Options));
        var answer = await HttpCall.ExecuteAsync(request, await app.Http.StartAsync(request, app.Client));

        Assert.Equal(422, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("models[0].path", answer.Json.GetProperty("field").GetString());
        Assert.Empty(app.Client.Starts);
    }

    [Fact]
    public async Task StartRun_MalformedJson_Is400()
    {
        using var app = new FunctionsHarness();
        var request = HttpCall.Request("POST", "/api/runs", "{ \"models\": [");
        var answer = await HttpCall.ExecuteAsync(request, await app.Http.StartAsync(request, app.Client));
        Assert.Equal(400, answer.Status);
        Assert.Equal("urn:cloudfreq:problem:invalid-run-spec", answer.Json.GetProperty("type").GetString());
        Assert.Contains("malformed JSON", answer.Json.GetProperty("detail").GetString());
        Assert.Empty(app.Client.Starts);
    }

    [Theory]
    [InlineData("no-such-run", 404, "urn:cloudfreq:problem:run-not-found")]
    [InlineData("bad:id", 400, "urn:cloudfreq:problem:invalid-run-id")]
    public async Task GetRun_UnknownOrBadId_IsAProblem(string id, int status, string type)
    {
        using var app = new FunctionsHarness();
        var request = HttpCall.Request("GET", $"/api/runs/{id}");
        var answer = await HttpCall.ExecuteAsync(request, await app.Http.GetAsync(request, app.Client, id));
        Assert.Equal((status, type), (answer.Status, answer.Json.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task EndedRun_IsListed_CancelIs409_AndAnUnknownReportFormatIs400()
    {
        using var app = new FunctionsHarness();
        var start = HttpCall.Request("POST", "/api/runs", JsonSerializer.Serialize(WorkflowHarness.Spec(), RunJson.Options));
        var runId = (await HttpCall.ExecuteAsync(start, await app.Http.StartAsync(start, app.Client))).Json.GetProperty("id").GetString()!;
        await app.Cloud.Client.WhenEnded(runId).WaitAsync(TimeSpan.FromMinutes(3));

        var list = HttpCall.Request("GET", "/api/runs");
        var listed = await HttpCall.ExecuteAsync(list, await app.Http.ListAsync(list, app.Client));
        Assert.Equal(200, listed.Status);
        Assert.Equal([runId], listed.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("instanceId").GetString()));

        var cancel = HttpCall.Request("POST", $"/api/runs/{runId}/cancel");
        var canceled = await HttpCall.ExecuteAsync(cancel, await app.Http.CancelAsync(cancel, app.Client, runId));
        Assert.Equal(409, canceled.Status);
        Assert.Empty(app.Client.Events);

        var report = HttpCall.Request("GET", $"/api/runs/{runId}/report", query: "?format=pdf");
        var refused = await HttpCall.ExecuteAsync(report, await app.Http.ReportAsync(report, app.Client, runId));
        Assert.Equal((400, "format"), (refused.Status, refused.Json.GetProperty("field").GetString()));
    }

    [Fact]
    public void Health_AnswersHealthy()
    {
        var result = Assert.IsType<OkObjectResult>(HealthFunction.Run(HttpCall.Request("GET", "/api/health")));
        Assert.Equal(new HealthFunction.HealthBody("healthy", "functions"), result.Value);
    }
}
