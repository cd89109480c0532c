using System.Net;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Tests.Serve.Fakes;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using CloudFreq.Orchestrations.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Tests.Serve.Hosting;

public class CloudHostTests
{
    private static string WriteHostJson(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void DurableAndWorkflowOptions_FromHostJson_ReachTheComposition()
    {
        var path = WriteHostJson("""
            { "extensions": { "durableTask": { "hubName": "cfhub", "maxConcurrentActivityFunctions": 2,
                "storageProvider": { "partitionCount": 8, "leaseInterval": "00:00:10", "leaseRenewInterval": "00:00:03", "workItemQueueVisibilityTimeout": "00:00:20" } } },
              "cloudfreq": { "workflow": { "window": 4, "itemAttempts": 2, "firstRetryInterval": "00:00:01", "cacheDirectory": "/tmp/cf-cache" } } }
            """);
        try
        {
            CloudHostContext? seen = null;
            CloudHost.Build(new CloudHostSettings { Role = CloudHostRole.Api, HostJsonPath = path }, (c, s) =>
            {
                seen = c;
                s.AddSingleton<ICloudRuns>(new FakeCloudRuns());
            }, b => b.Logging.ClearProviders());
            Assert.Equal(("cfhub", 2, 8), (seen!.Durable.HubName, seen.Durable.MaxConcurrentActivityFunctions, seen.Durable.StorageProvider.PartitionCount));
            Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20)),
                (seen.Durable.StorageProvider.LeaseInterval, seen.Durable.StorageProvider.LeaseRenewInterval, seen.Durable.StorageProvider.WorkItemQueueVisibilityTimeout));
            Assert.Equal(new Orchestrations.Workflow.WorkflowSettings(4, 2, 1, 500), seen.Workflow.ToSettings());
            Assert.Equal("/tmp/cf-cache", seen.Workflow.ResolvedCacheDirectory);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DurableOptions_EnvironmentStyleOverride_WinsOverHostJson()
    {
        var path = WriteHostJson("""{ "extensions": { "durableTask": { "storageProvider": { "partitionCount": 8 } } } }""");
        try
        {
            CloudHostContext? seen = null;
            CloudHost.Build(
                new CloudHostSettings { Role = CloudHostRole.Api, HostJsonPath = path, Args = ["--extensions:durableTask:storageProvider:partitionCount=2"] },
                (c, s) =>
                {
                    seen = c;
                    s.AddSingleton<ICloudRuns>(new FakeCloudRuns());
                },
                b => b.Logging.ClearProviders());
            Assert.Equal(2, seen!.Durable.StorageProvider.PartitionCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("extensions:durableTask:storageProvider:partitionCount", "0")]
    [InlineData("extensions:durableTask:storageProvider:partitionCount", "17")]
    [InlineData("extensions:durableTask:storageProvider:leaseRenewInterval", "00:01:00")]
    [InlineData("extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", "00:00:01")]
    [InlineData("extensions:durableTask:hubName", "no-dashes")]
    [InlineData("extensions:durableTask:maxConcurrentActivityFunctions", "0")]
    [InlineData("cloudfreq:workflow:window", "0")]
    [InlineData("cloudfreq:workflow:itemAttempts", "0")]
    [InlineData("cloudfreq:workflow:markerPollInterval", "00:00:00")]
    public void Options_Invalid_HostRefusesToBuildNamingTheSetting(string name, string value)
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Args = [$"--{name}={value}"] },
            (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns())));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiRole_WithoutCloudRuns_RefusesClearly()
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(new CloudHostSettings { Role = CloudHostRole.Api }, (_, _) => { }));
        Assert.Contains("ICloudRuns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_FromSettingsOrExplicit_ReachesTheComposition()
    {
        StorageConnection? seen = null;
        CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Storage = "UseDevelopmentStorage=true" },
            (context, s) =>
            {
                seen = context.RequireStorage();
                s.AddSingleton<ICloudRuns>(new FakeCloudRuns());
            },
            b => b.Logging.ClearProviders());
        Assert.Equal("UseDevelopmentStorage=true", seen!.ConnectionString);
        Assert.False(seen.UsesIdentity);
    }

    [Fact]
    public void StorageConnection_Resolve()
    {
        var settings = new Dictionary<string, string?> { ["CLOUDFREQ_STORAGE_ACCOUNT"] = "cloudfreqdata" };
        var identity = StorageConnection.Resolve(null, k => settings.GetValueOrDefault(k))!;
        Assert.True(identity.UsesIdentity);
        Assert.Equal(new Uri("https://cloudfreqdata.queue.core.windows.net"), identity.QueueEndpoint);
        Assert.Null(StorageConnection.Resolve(null, _ => null));
        Assert.Equal("x=1", StorageConnection.Resolve("x=1", k => settings.GetValueOrDefault(k))!.ConnectionString);
        Assert.DoesNotContain("AccountKey", StorageConnection.FromConnectionString("AccountName=a;AccountKey=SECRET").ToString(), StringComparison.Ordinal);
        Assert.Throws<CloudFreqException>(() => StorageConnection.FromAccountName("Bad_Name"));
        Assert.Throws<CloudFreqException>(() => StorageConnection.Resolve(null, k => k == StorageConnection.BlobEndpointKey ? "https://a.blob.core.windows.net" : null));
    }

    [Theory]
    [InlineData(null, CloudHostRole.All)]
    [InlineData("all", CloudHostRole.All)]
    [InlineData("both", CloudHostRole.All)]
    [InlineData("API", CloudHostRole.Api)]
    [InlineData("worker", CloudHostRole.Worker)]
    [InlineData(" Worker ", CloudHostRole.Worker)]
    public void Roles_Parse(string? text, CloudHostRole expected)
    {
        Assert.Equal(expected, CloudHostRoles.Parse(text));
        Assert.Equal(expected, CloudHostRoles.Parse(expected.Name()));
    }

    [Fact]
    public void Roles_Unknown_Throws() => Assert.Throws<CloudFreqException>(() => CloudHostRoles.Parse("sweep"));

    [Fact]
    public void WorkerHostOptions_InvalidScoring_RefusesToBuild()
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Args = ["--cloudfreq:batchSize=0"] },
            (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns())));
        Assert.Contains("batchSize", error.Message, StringComparison.Ordinal);
    }
}
