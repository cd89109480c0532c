using System.Text.Json.Nodes;
using CloudFreq.Functions.Hosting;

namespace CloudFreq.Infra.Tests;

/// <summary>The drift test: the settings that the Bicep templates pass to the apps are the settings the host binds.</summary>
public class SettingsDriftTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void AllowedKeys_FromReflection_HoldTheOptionsAndTheKeyConstants()
    {
        var keys = SettingsDrift.AllowedKeys();

        Assert.Contains("extensions:queues:visibilityTimeout", keys);
        Assert.Contains("extensions:queues:maxDequeueCount", keys);
        Assert.Contains("cloudfreq:executionProvider", keys);
        Assert.Contains("CLOUDFREQ_STORAGE_BLOB_ENDPOINT", keys);
        Assert.Contains("AZURE_CLIENT_ID", keys);
        Assert.Contains("CLOUDFREQ_API_KEY", keys);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", keys);
        Assert.DoesNotContain("extensions:queues:visibiltyTimeout", keys);
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

        // api, worker and sweep job each get the endpoints and the identity.
        Assert.Equal(3, names.Count(n => n == StorageConnection.BlobEndpointKey));
        Assert.Equal(3, names.Count(n => n == "AZURE_CLIENT_ID"));
        Assert.Contains("cloudfreq__executionProvider", names);
        Assert.Contains("extensions__queues__visibilityTimeout", names);
        Assert.Contains("extensions__queues__workerConcurrency", names);
        Assert.Contains(CloudHost.ShutdownTimeoutKey, names);
        Assert.Contains("CLOUDFREQ_API_KEY", names);
    }

    /// <summary>The check fails when a name drifts: one misspelt setting in the compiled template is reported by name.</summary>
    [Fact]
    public void Check_MisspeltSettingName_ReportsIt()
    {
        var drifted = compiled.Json.Replace("extensions__queues__visibilityTimeout", "extensions__queues__visibiltyTimeout", StringComparison.Ordinal);
        Assert.NotEqual(compiled.Json, drifted);

        var problems = SettingsDrift.Check(JsonNode.Parse(drifted)!);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("extensions__queues__visibiltyTimeout:", p, StringComparison.Ordinal));
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
}
