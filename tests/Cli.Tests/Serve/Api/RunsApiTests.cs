using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CloudFreq.Cli.Tests.Serve.Fakes;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Cli.Tests.Serve.Api;

public class RunsApiTests
{
    internal const string ValidSpec = """
        { "datasets": [ { "path": "datasets/cifar500", "options": { "limit": 10 } } ],
          "models": [ { "path": "models/resnet.onnx", "card": { "layout": "nchw", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25] } } ],
          "suite": "clean", "seed": 7, "itemSize": 100 }
        """;

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Start_ValidSpec_Returns202WithLocationAndManagementUrls()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client().PostAsync("/api/runs", Json(ValidSpec));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString()!;
        var status = body.RootElement.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal($"http://localhost/api/runs/{id}", status);
        Assert.Equal(new Uri(status), response.Headers.Location);
        Assert.Equal(status + "/cancel", body.RootElement.GetProperty("cancelPostUri").GetString());
        Assert.StartsWith(status + "/report", body.RootElement.GetProperty("reportGetUri").GetString(), StringComparison.Ordinal);
        var spec = Assert.Single(host.Runs.Started);
        Assert.Equal("datasets/cifar500", spec.Datasets[0].Path);
        Assert.Equal(10, spec.Datasets[0].Options.Limit);
        Assert.Equal(100, spec.ItemSize);
    }

    [Theory]
    [InlineData(RunStatus.Pending, "Pending")]
    [InlineData(RunStatus.Running, "Running")]
    [InlineData(RunStatus.Summarizing, "Running")]
    public async Task Status_InProgress_Returns202WithRetryAfter(RunStatus status, string runtimeStatus)
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(status, done: 3, total: 10, failed: 1);

        using var response = await host.Client().GetAsync($"/api/runs/{run.RunId}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(run.RunId, root.GetProperty("instanceId").GetString());
        Assert.Equal(runtimeStatus, root.GetProperty("runtimeStatus").GetString());
        Assert.Equal(run.CreatedTime, root.GetProperty("createdTime").GetDateTimeOffset());
        Assert.Equal(run.LastUpdatedTime, root.GetProperty("lastUpdatedTime").GetDateTimeOffset());
        Assert.Equal("datasets/cifar", root.GetProperty("input").GetProperty("datasets")[0].GetProperty("path").GetString());
        var custom = root.GetProperty("customStatus");
        Assert.Equal(3, custom.GetProperty("itemsDone").GetInt32());
        Assert.Equal(10, custom.GetProperty("itemsTotal").GetInt32());
        Assert.Equal(1, custom.GetProperty("itemsFailed").GetInt32());
        Assert.False(root.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task Status_Completed_Returns200WithReportLinks()
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(RunStatus.Completed, done: 10, total: 10);

        using var response = await host.Client().GetAsync($"/api/runs/{run.RunId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Completed", body.RootElement.GetProperty("runtimeStatus").GetString());
        var reports = body.RootElement.GetProperty("output").GetProperty("reports");
        Assert.Equal($"http://localhost/api/runs/{run.RunId}/report?format=csv", reports.GetProperty("csv").GetString());
        Assert.EndsWith("format=json", reports.GetProperty("json").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("format=html", reports.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunStatus.Failed, "Failed")]
    [InlineData(RunStatus.Canceled, "Canceled")]
    public async Task Status_EndedWithoutReport_Returns200(RunStatus status, string runtimeStatus)
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(status, error: status == RunStatus.Failed ? "planning failed: no images" : null);

        using var response = await host.Client().GetAsync($"/api/runs/{run.RunId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(runtimeStatus, body.RootElement.GetProperty("runtimeStatus").GetString());
        if (status == RunStatus.Failed)
        {
            Assert.Equal("planning failed: no images", body.RootElement.GetProperty("output").GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Status_UnknownRun_Returns404Problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client().GetAsync("/api/runs/nope");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "id");
    }

    [Theory]
    [InlineData("bad$id")]
    [InlineData(".hidden")]
    [InlineData("a%20b")]
    [InlineData("%E2%9C%93")]
    public async Task RunIdRoutes_InvalidId_Return400Problem(string id)
    {
        await using var host = await ApiHost.StartAsync();
        var client = host.Client();
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{id}"),
            new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{id}/report?format=json"),
        })
        {
            using var response = await client.SendAsync(request);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "id");
        }
    }

    [Fact]
    public async Task RunIdRoutes_TooLongId_Return400NotServerError()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client().GetAsync("/api/runs/" + new string('a', 5000));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task List_PagesNewestFirst_WithContinuationHeaderAndBody()
    {
        await using var host = await ApiHost.StartAsync();
        var runs = Enumerable.Range(0, 5).Select(_ => host.Runs.Add(RunStatus.Running)).ToList();
        var client = host.Client();

        using var first = await client.GetAsync("/api/runs?pageSize=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var token = Assert.Single(first.Headers.GetValues("x-ms-continuation-token"));
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(token, firstBody.RootElement.GetProperty("continuationToken").GetString());
        var ids = firstBody.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("instanceId").GetString()).ToList();
        Assert.Equal([runs[4].RunId, runs[3].RunId], ids);

        var seen = new List<string?>(ids);
        var next = token;
        while (next is not null)
        {
            using var page = await client.GetAsync($"/api/runs?pageSize=2&continuationToken={Uri.EscapeDataString(next)}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
            seen.AddRange(body.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("instanceId").GetString()));
            next = page.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            Assert.Equal(next is null ? JsonValueKind.Undefined : JsonValueKind.String,
                body.RootElement.TryGetProperty("continuationToken", out var t) ? t.ValueKind : JsonValueKind.Undefined);
        }

        Assert.Equal(runs.Select(r => r.RunId).Reverse(), seen);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=-3", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("continuationToken=not-a-token", "continuationToken")]
    public async Task List_BadQuery_Returns400Problem(string query, string field)
    {
        await using var host = await ApiHost.StartAsync();
        host.Runs.Add(RunStatus.Running);
        using var response = await host.Client().GetAsync("/api/runs?" + query);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Cancel_RunningRun_Returns202AndCancels()
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(RunStatus.Running);

        using var response = await host.Client().PostAsync($"/api/runs/{run.RunId}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(new Uri($"http://localhost/api/runs/{run.RunId}"), response.Headers.Location);
        Assert.Equal(RunStatus.Canceled, (await host.Runs.GetAsync(run.RunId))!.Status);
    }

    [Fact]
    public async Task Cancel_UnknownRun_Returns404()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client().PostAsync("/api/runs/unknown-run/cancel", null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "id");
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Canceled)]
    public async Task Cancel_EndedRun_Returns409(RunStatus status)
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(status);
        using var response = await host.Client().PostAsync($"/api/runs/{run.RunId}/cancel", null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "id");
    }

    [Theory]
    [InlineData("json", "report.json", "application/json")]
    [InlineData("csv", "results.csv", "text/csv")]
    [InlineData("html", "report.html", "text/html")]
    public async Task Report_CompletedRun_ReturnsFileWithContentType(string format, string file, string contentType)
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(RunStatus.Completed);
        host.Runs.AddReport(run.RunId, file, $"content of {file}");

        using var response = await host.Client().GetAsync($"/api/runs/{run.RunId}/report?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"content of {file}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Report_NotAvailable_Returns404()
    {
        await using var host = await ApiHost.StartAsync();
        var running = host.Runs.Add(RunStatus.Running);
        host.Runs.AddReport(running.RunId, "report.json", "{}");
        var completedWithout = host.Runs.Add(RunStatus.Completed);
        var client = host.Client();

        foreach (var id in new[] { running.RunId, completedWithout.RunId, "unknown" })
        {
            using var response = await client.GetAsync($"/api/runs/{id}/report?format=json");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "id");
        }
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("")]
    [InlineData("../report.json")]
    public async Task Report_BadFormat_Returns400(string format)
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(RunStatus.Completed);
        using var response = await host.Client().GetAsync($"/api/runs/{run.RunId}/report?format={Uri.EscapeDataString(format)}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task Health_WithoutKey_Returns200()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client(withKey: false).GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client().GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
