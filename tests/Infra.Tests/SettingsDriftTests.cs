using System.Text.Json.Nodes;
using CloudFreq.Functions.Composition;
using CloudFreq.Orchestrations.Hosting;

namespace CloudFreq.Infra.Tests;

/// <summary>The drift test: the app settings that the Bicep templates give the Functions app are settings the app reads.</summary>
public class SettingsDriftTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void WorkerKeys_FromReflection_HoldTheScoringAndWorkflowOptions()
    {
        var keys = SettingsDrift.WorkerKeys();

        Assert.Contains("cloudfreq:executionProvider", keys);
        Assert.Contains("cloudfreq:batchSize", keys);
        Assert.Contains("cloudfreq:workflow:window", keys);
        // A subsection is not a setting; get-only properties are not bound.
        Assert.DoesNotContain("cloudfreq:workflow", keys);
        Assert.DoesNotContain("cloudfreq:workflow:resolvedCacheDirectory", keys);
    }

    /// <summary>host.json's cloudfreq section is what the worker binds, and its durableTask section is there to override.</summary>
    [Fact]
    public void HostJson_CloudFreqSection_IsBoundByTheWorker_AndHasTheDurableTaskSettings()
    {
        var hostJson = SettingsDrift.LoadHostJson();
        var hostKeys = SettingsDrift.HostJsonKeys(hostJson);
        var workerKeys = SettingsDrift.WorkerKeys();

        foreach (var key in hostKeys.Where(k => k.StartsWith(WorkerHostOptions.SectionName + ":", StringComparison.Ordinal)))
        {
            Assert.True(workerKeys.Contains(key), $"host.json sets {key}, which no bound options class reads");
        }

        Assert.Contains("extensions:durableTask:hubName", hostKeys);
        Assert.Contains("extensions:durableTask:storageProvider:partitionCount", hostKeys);
        Assert.DoesNotContain("extensions:durableTask:storageProvider", hostKeys);
    }

    [Fact]
    public void CompiledTemplate_EverySettingItPasses_IsReadByTheApp()
    {
        var problems = SettingsDrift.Check(compiled.Template);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void CompiledTemplate_GivesTheAppItsIdentityConnection_TaskHub_ScoringAndTelemetrySettings()
    {
        var names = SettingsDrift.AppSettingNames(compiled.Template);

        Assert.Contains($"{FunctionsStorage.Setting}__accountName", names);
        Assert.Contains($"{FunctionsStorage.Setting}__credential", names);
        Assert.Contains($"{FunctionsStorage.Setting}__clientId", names);
        Assert.Contains(StorageClientFactory.ClientIdSetting, names);
        Assert.Contains("AzureFunctionsJobHost__extensions__durableTask__hubName", names);
        Assert.Contains("AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount", names);
        Assert.Contains("AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions", names);
        Assert.Contains("cloudfreq__executionProvider", names);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", names);
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", names);
        Assert.DoesNotContain(names, n => n.StartsWith("CLOUDFREQ_", StringComparison.Ordinal)); // serve's settings: serve is not deployed
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>The check fails when a name drifts: one misspelt setting in the compiled template is reported by name.</summary>
    [Fact]
    public void Check_MisspeltHostOverride_ReportsIt()
    {
        var drifted = Replace("AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount", "AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitonCount");

        var problems = SettingsDrift.Check(drifted);

        Assert.Contains(problems, p => p.StartsWith("AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitonCount:", StringComparison.Ordinal));
    }

    /// <summary>A host override without the AzureFunctionsJobHost__ prefix is not read by the host (nor bound by the worker).</summary>
    [Fact]
    public void Check_HostSettingWithoutThePrefix_ReportsIt()
    {
        var drifted = Replace("AzureFunctionsJobHost__extensions__durableTask__hubName", "extensions__durableTask__hubName");

        var problems = SettingsDrift.Check(drifted);

        Assert.Contains(problems, p => p.StartsWith("extensions__durableTask__hubName:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ScoringSectionRenamed_ReportsIt()
    {
        var problems = SettingsDrift.Check(Replace("cloudfreq__executionProvider", "worker__executionProvider"));

        Assert.Contains(problems, p => p.StartsWith("worker__executionProvider:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_UnknownIdentityConnectionProperty_ReportsIt()
    {
        var problems = SettingsDrift.Check(Replace("AzureWebJobsStorage__clientId", "AzureWebJobsStorage__clientSecret"));

        Assert.Contains(problems, p => p.StartsWith("AzureWebJobsStorage__clientSecret:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ConnectionStringSetting_IsForbidden()
    {
        var problems = SettingsDrift.Check(Replace("\"AzureWebJobsStorage__accountName\"", "\"AzureWebJobsStorage\""));

        Assert.Contains(problems, p => p.StartsWith("AzureWebJobsStorage:", StringComparison.Ordinal));
    }

    [Fact]
    public void CompiledTemplate_HasNoAccountKeysOrConnectionStrings()
    {
        Assert.DoesNotContain("AccountKey=", compiled.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", compiled.Json, StringComparison.OrdinalIgnoreCase);
        Assert.False(compiled.Module("storage")["parameters"]!["allowSharedKeyAccess"]!["defaultValue"]!.GetValue<bool>());
        Assert.False(compiled.Template["parameters"]!["allowSharedKeyAccess"]!["defaultValue"]!.GetValue<bool>());
        // The only list calls: Log Analytics' shared key (the environment's log destination) and the
        // Functions host's system keys (the Event Grid webhook's blobs_extension key). No storage account keys.
        Assert.Equal(2, compiled.Json.Split("listKeys(").Length - 1);
        Assert.Contains("listKeys(", compiled.Module("environment").ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("listKeys(", compiled.Module("events").ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName')))", compiled.Json, StringComparison.Ordinal);
    }

    private JsonNode Replace(string from, string to)
    {
        var drifted = compiled.Json.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(compiled.Json, drifted);
        return JsonNode.Parse(drifted)!;
    }
}
