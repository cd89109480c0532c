using CloudFreq.Orchestrations.Hosting;
using System.Text.Json.Nodes;
using CloudFreq.Cli.Serve;

namespace CloudFreq.Infra.Tests;

/// <summary>The drift test: the settings that the Bicep templates pass to the apps are the settings the host binds.</summary>
public class SettingsDriftTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void AllowedKeys_FromReflection_HoldTheOptionsAndTheKeyConstants()
    {
        var keys = SettingsDrift.AllowedKeys();

        Assert.Contains("extensions:durableTask:hubName", keys);
        Assert.Contains("extensions:durableTask:maxConcurrentActivityFunctions", keys);
        Assert.Contains("extensions:durableTask:storageProvider:partitionCount", keys);
        Assert.Contains("extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", keys);
        Assert.Contains("cloudfreq:workflow:window", keys);
        Assert.Contains("cloudfreq:executionProvider", keys);
        Assert.Contains("CLOUDFREQ_STORAGE_BLOB_ENDPOINT", keys);
        Assert.Contains("AZURE_CLIENT_ID", keys);
        Assert.Contains("CLOUDFREQ_API_KEY", keys);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", keys);
        // A subsection is not a setting; get-only properties are not bound; the old queue engine's settings are gone.
        Assert.DoesNotContain("extensions:durableTask:storageProvider", keys);
        Assert.DoesNotContain("cloudfreq:workflow", keys);
        Assert.DoesNotContain("cloudfreq:workflow:resolvedCacheDirectory", keys);
        Assert.DoesNotContain("extensions:queues:visibilityTimeout", keys);
        Assert.DoesNotContain("extensions:durableTask:storageProvider:partitonCount", keys);
    }

    /// <summary>The options the drift check reads are the ones the host binds: each is bound from host.json's section of its name.</summary>
    [Fact]
    public void BoundOptions_AreTheSectionsOfHostJson()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, "host.json")))!;
        foreach (var options in SettingsDrift.BoundOptions)
        {
            var section = (string)options.GetField("SectionName")!.GetRawConstantValue()!;
            var node = section.Split(':').Aggregate<string, JsonNode?>(hostJson, (n, part) => n?[part]);
            Assert.True(node is JsonObject, $"host.json has no section {section} ({options.Name})");
        }

        // Every leaf setting of host.json's durableTask and cloudfreq sections is a key the host binds.
        var allowed = SettingsDrift.AllowedKeys();
        foreach (var key in Leaves(hostJson["extensions"]!["durableTask"]!, "extensions:durableTask").Concat(Leaves(hostJson["cloudfreq"]!, "cloudfreq")))
        {
            Assert.True(allowed.Contains(key), $"host.json sets {key}, which no bound options class reads");
        }
    }

    [Fact]
    public void CompiledTemplate_EverySettingItPasses_IsBoundByTheHost()
    {
        var problems = SettingsDrift.Check(compiled.Template);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void CompiledTemplate_PassesTheWorkersSettings_ThroughEveryContainer()
    {
        var names = SettingsDrift.EnvironmentNames(compiled.Template);

        // api and worker each get the endpoints, the identity and the task hub (the same hub and partition count).
        Assert.Equal(2, names.Count(n => n == StorageConnection.BlobEndpointKey));
        Assert.Equal(2, names.Count(n => n == "AZURE_CLIENT_ID"));
        Assert.Equal(2, names.Count(n => n == "extensions__durableTask__hubName"));
        Assert.Equal(2, names.Count(n => n == "extensions__durableTask__storageProvider__partitionCount"));
        Assert.Contains("cloudfreq__executionProvider", names);
        Assert.Contains("extensions__durableTask__maxConcurrentActivityFunctions", names);
        Assert.Contains("extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout", names);
        Assert.DoesNotContain(names, n => n.StartsWith("extensions__queues__", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(CloudHost.ShutdownTimeoutKey, names);
        Assert.Contains("CLOUDFREQ_API_KEY", names);
    }

    /// <summary>The check fails when a name drifts: one misspelt setting in the compiled template is reported by name.</summary>
    [Fact]
    public void Check_MisspeltSettingName_ReportsIt()
    {
        var drifted = compiled.Json.Replace("extensions__durableTask__storageProvider__partitionCount", "extensions__durableTask__storageProvider__partitonCount", StringComparison.Ordinal);
        Assert.NotEqual(compiled.Json, drifted);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("extensions__durableTask__storageProvider__partitonCount:", p, StringComparison.Ordinal));
    }

    /// <summary>A setting of the deleted queue engine, put back into the template, is reported: the host no longer reads it.</summary>
    [Fact]
    public void Check_QueueEngineSetting_ReportsIt()
    {
        var drifted = compiled.Json.Replace("extensions__durableTask__hubName", "extensions__queues__visibilityTimeout", StringComparison.Ordinal);
        Assert.NotEqual(compiled.Json, drifted);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.Contains(problems, p => p.StartsWith("extensions__queues__visibilityTimeout:", StringComparison.Ordinal));
    }

    /// <summary>A subsection name is not a setting: <c>extensions__durableTask__storageProvider</c> alone binds nothing.</summary>
    [Fact]
    public void Check_SubsectionAsSetting_ReportsIt()
    {
        var drifted = compiled.Json.Replace("extensions__durableTask__storageProvider__partitionCount", "extensions__durableTask__storageProvider", StringComparison.Ordinal);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.Contains(problems, p => p.StartsWith("extensions__durableTask__storageProvider:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SectionRenamed_ReportsIt()
    {
        var drifted = compiled.Json.Replace("cloudfreq__executionProvider", "worker__executionProvider", StringComparison.Ordinal);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.Contains(problems, p => p.StartsWith("worker__executionProvider:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ConnectionStringSetting_IsForbidden()
    {
        var drifted = compiled.Json.Replace("\"CLOUDFREQ_STORAGE_BLOB_ENDPOINT\"", "\"CLOUDFREQ_STORAGE\"", StringComparison.Ordinal);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.Contains(problems, p => p.StartsWith("CLOUDFREQ_STORAGE:", StringComparison.Ordinal));
    }

    [Fact]
    public void CompiledTemplate_HasNoAccountKeysOrConnectionStrings()
    {
        // The only listKeys is Log Analytics' shared key for the environment's log destination.
        Assert.DoesNotContain("AccountKey=", compiled.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", compiled.Json, StringComparison.OrdinalIgnoreCase);
        Assert.False(compiled.Module("storage")["parameters"]!["allowSharedKeyAccess"]!["defaultValue"]!.GetValue<bool>());
        Assert.False(compiled.Template["parameters"]!["allowSharedKeyAccess"]!["defaultValue"]!.GetValue<bool>());
        var listKeys = compiled.Json.Split("listKeys(").Length - 1;
        Assert.Equal(1, listKeys);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", compiled.Module("environment").ToJsonString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Leaves(JsonNode node, string prefix) => node is JsonObject obj
        ? obj.SelectMany(p => Leaves(p.Value!, $"{prefix}:{p.Key}"))
        : [prefix];
}
