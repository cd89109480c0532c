using System.Net;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Tests.Serve.Fakes;
using CloudFreq.Orchestrations.Api;

namespace CloudFreq.Cli.Tests.Serve.Api;

public class ApiKeyTests
{
    [Fact]
    public async Task MissingKey_Returns401Problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client(withKey: false).GetAsync("/api/runs");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("test-key-012345678")]
    [InlineData("test-key-01234567890")]
    [InlineData("TEST-KEY-0123456789")]
    public async Task WrongKey_Returns401Problem(string key)
    {
        await using var host = await ApiHost.StartAsync();
        var client = host.Client(withKey: false);
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        using var viaHeader = await client.GetAsync("/api/runs");
        await ProblemAssert.IsProblemAsync(viaHeader, HttpStatusCode.Unauthorized);
        using var viaQuery = await host.Client(withKey: false).GetAsync("/api/runs?code=" + Uri.EscapeDataString(key));
        await ProblemAssert.IsProblemAsync(viaQuery, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RightKey_ViaHeaderOrQuery_IsServed()
    {
        await using var host = await ApiHost.StartAsync();
        using var viaHeader = await host.Client().GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        using var viaQuery = await host.Client(withKey: false).GetAsync("/api/runs?code=" + ApiHost.Key);
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        using var post = await host.Client(withKey: false).PostAsync("/api/runs?code=" + ApiHost.Key, RunsApiTests.Json(RunsApiTests.ValidSpec));
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
    }

    [Fact]
    public async Task EveryEndpointButHealth_NeedsTheKey()
    {
        await using var host = await ApiHost.StartAsync();
        var run = host.Runs.Add(Orchestrations.Ports.RunStatus.Completed);
        var client = host.Client(withKey: false);
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = RunsApiTests.Json(RunsApiTests.ValidSpec) },
            new HttpRequestMessage(HttpMethod.Get, "/api/runs"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{run.RunId}"),
            new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{run.RunId}/cancel"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{run.RunId}/report?format=json"),
        })
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(host.Runs.Started);
        using var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task NoKeyConfigured_LoopbackInDevelopment_IsServed()
    {
        await using var host = await ApiHost.StartAsync(apiKey: null, environment: "Development", remote: IPAddress.Loopback);
        using var response = await host.Client(withKey: false).GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoKeyConfigured_IPv6LoopbackInDevelopment_IsServed()
    {
        await using var host = await ApiHost.StartAsync(apiKey: null, environment: "Development", remote: IPAddress.IPv6Loopback);
        using var response = await host.Client(withKey: false).GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoKeyConfigured_RemoteInDevelopment_IsRefused()
    {
        await using var host = await ApiHost.StartAsync(apiKey: null, environment: "Development", remote: IPAddress.Parse("192.0.2.10"));
        using var response = await host.Client(withKey: false).GetAsync("/api/runs");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NoKeyConfigured_LoopbackOutsideDevelopment_IsRefused()
    {
        await using var host = await ApiHost.StartAsync(apiKey: null, environment: "Production", remote: IPAddress.Loopback);
        using var response = await host.Client(withKey: false).GetAsync("/api/runs");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        using var health = await host.Client(withKey: false).GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void ApiKeySettings_ComparesExactly()
    {
        var settings = new ApiKeySettings("s3cret-ключ");
        Assert.True(settings.IsConfigured);
        Assert.True(settings.Matches("s3cret-ключ"));
        Assert.False(settings.Matches("s3cret-ключ "));
        Assert.False(settings.Matches(string.Empty));
        Assert.False(new ApiKeySettings(null).IsConfigured);
        Assert.False(new ApiKeySettings(null).Matches("anything"));
    }

    [Fact]
    public void IsLoopback_MappedAddresses()
    {
        Assert.True(ApiKeyMiddleware.IsLoopback(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(ApiKeyMiddleware.IsLoopback(IPAddress.Parse("127.0.0.2")));
        Assert.False(ApiKeyMiddleware.IsLoopback(IPAddress.Parse("::ffff:10.0.0.1")));
        Assert.False(ApiKeyMiddleware.IsLoopback(null));
    }
}
