using System.Net;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Tests.Serve.Fakes;

/// <summary>The real host on a TestServer, with a fake <see cref="ICloudRuns"/>.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public const string Key = "test-key-0123456789";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, FakeCloudRuns runs)
    {
        _app = app;
        Runs = runs;
    }

    public FakeCloudRuns Runs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(
        string? apiKey = Key,
        string environment = "Production",
        IPAddress? remote = null,
        CloudHostSettings? settings = null,
        IDictionary<string, string?>? configuration = null,
        Action<CloudHostContext, IServiceCollection>? compose = null)
    {
        var runs = new FakeCloudRuns();
        var app = CloudHost.Build(
            (settings ?? new CloudHostSettings { Role = CloudHostRole.Api }) with { EnvironmentName = environment },
            (context, services) =>
            {
                services.AddSingleton<ICloudRuns>(runs);
                compose?.Invoke(context, services);
            },
            builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders();
                var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["CLOUDFREQ_API_KEY"] = apiKey ?? string.Empty };
                foreach (var (k, v) in configuration ?? new Dictionary<string, string?>())
                {
                    values[k] = v;
                }

                builder.Configuration.AddInMemoryCollection(values);
                builder.Services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(remote ?? IPAddress.Parse("203.0.113.7")));
            });
        await app.StartAsync();
        return new ApiHost(app, runs);
    }

    /// <summary>A client; with <paramref name="withKey"/> it sends the key in x-functions-key.</summary>
    public HttpClient Client(bool withKey = true)
    {
        var client = _app.GetTestClient();
        if (withKey)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", Key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>TestServer leaves the remote address empty; this sets it, as Kestrel would.</summary>
    private sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextDelegate) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextDelegate(context);
            });
            next(app);
        };
    }
}
