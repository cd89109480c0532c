using System.Text.Json;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Functions.Tests.App;

/// <summary>
/// What the Functions host will load, read from the files the SDK generated at build time: every function,
/// its trigger, route, methods, key level, blob path and event source; the extensions it needs; host.json.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Dictionary<string, JsonElement> Functions = ReadFunctions();

    [Fact]
    public void Metadata_ListsExactlyTheAppsFunctions()
    {
        string[] expected =
        [
            "CancelRun", "ComputeItem", "GetRun", "GetRunReport", "GroupOrchestrator", "Health", "ListRuns",
            "PrepareRun", "RunOrchestrator", "StartRun", "SummarizeRun", "UploadMarker",
        ];
        Assert.Equal(expected, Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("StartRun", "post", "runs")]
    [InlineData("ListRuns", "get", "runs")]
    [InlineData("GetRun", "get", "runs/{id}")]
    [InlineData("CancelRun", "post", "runs/{id}/cancel")]
    [InlineData("GetRunReport", "get", "runs/{id}/report")]
    public void RunsApi_HttpTriggersAtFunctionLevel_WithADurableClient(string name, string method, string route)
    {
        var trigger = Binding(name, "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("In", Binding(name, "durableClient").GetProperty("direction").GetString());
    }

    [Fact]
    public void Health_IsAnonymous()
    {
        var trigger = Binding("Health", "httpTrigger");
        Assert.Equal(("health", "Anonymous"), (trigger.GetProperty("route").GetString(), trigger.GetProperty("authLevel").GetString()));
    }

    [Fact]
    public void UploadMarker_IsAnEventGridBlobTriggerOnTheMarker()
    {
        var trigger = Binding("UploadMarker", "blobTrigger");
        Assert.Equal("datasets/{name}/run.json", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("In", Binding("UploadMarker", "durableClient").GetProperty("direction").GetString());
    }

    [Fact]
    public void EveryOrchestratorAndActivityTheWorkflowCalls_HasItsTrigger()
    {
        foreach (var name in WorkflowNames.Orchestrators)
        {
            Binding(name, "orchestrationTrigger");
        }

        foreach (var name in WorkflowNames.Activities)
        {
            Binding(name, "activityTrigger");
        }
    }

    [Fact]
    public void Extensions_HoldDurableTaskAndBlobs()
    {
        using var extensions = AppOutput.Read("extensions.json");
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageBlobs", names);
    }

    [Fact]
    public void WorkerConfig_StartsThisAssembly()
    {
        using var config = AppOutput.Read("worker.config.json");
        var description = config.RootElement.GetProperty("description");
        Assert.Equal("CloudFreq.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void HostJson_BesideTheApp_HasTheTaskHubAndCloudFreqSections()
    {
        using var host = AppOutput.Read("host.json");
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("cloudfreq", durable.GetProperty("hubName").GetString());
        Assert.True(durable.GetProperty("storageProvider").GetProperty("partitionCount").GetInt32() is >= 1 and <= 16);
        Assert.Equal(1, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
        // Supported for the isolated worker since the worker extension 1.8.0 (host extension 3.x); serve defaults to the same.
        Assert.True(durable.GetProperty("extendedSessionsEnabled").GetBoolean(), "host.json turns extended sessions on");
        Assert.Equal(30, durable.GetProperty("extendedSessionIdleTimeoutInSeconds").GetInt32());
        Assert.True(host.RootElement.TryGetProperty("functionTimeout", out _), "host.json sets functionTimeout (a work item must fit in it)");
        Assert.Equal("cpu", host.RootElement.GetProperty("cloudfreq").GetProperty("executionProvider").GetString());
    }

    private static JsonElement Binding(string function, string type)
    {
        Assert.True(Functions.TryGetValue(function, out var entry), $"functions.metadata has no function {function}");
        var bindings = entry.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type).ToList();
        Assert.True(bindings.Count == 1, $"{function}: expected one {type} binding, found {bindings.Count}");
        return bindings[0];
    }

    private static Dictionary<string, JsonElement> ReadFunctions()
    {
        using var metadata = AppOutput.Read("functions.metadata");
        return metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }
}
