using System.Text.Json.Nodes;
using CloudFreq.Cli.Serve.SelfHost;
using CloudFreq.Functions.Composition;
using CloudFreq.Functions.Triggers;
using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Infra.Tests;

/// <summary>The compiled template against the facts of the code, host.json and DESIGN.md sections 2-3.</summary>
public class TemplateStructureTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string FunctionAppKind = "functionapp,linux,container,azurecontainerapps";

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>());

    private JsonObject Site => Assert.Single(compiled.Resources("functionapp", "Microsoft.Web/sites"));

    [Fact]
    public void Storage_Containers_AreTheNamesOfCloudNames_AndNoQueuesOrTablesAreDeclared()
    {
        var variables = compiled.Module("storage")["variables"]!;

        Assert.Equal(
            new[] { CloudNames.DatasetsContainer, CloudNames.ModelsContainer, CloudNames.ResultsContainer, CloudNames.ReportsContainer, CloudNames.SuitesContainer }.Order(),
            Strings(variables["containerNames"]).Order());

        // The task hub and the Functions host create their own queues, tables and containers; the hand-made engine's are gone.
        Assert.DoesNotContain("Microsoft.Storage/storageAccounts/queueServices", compiled.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Storage/storageAccounts/tableServices", compiled.Json, StringComparison.Ordinal);
        foreach (var name in new[] { "cloudfreq-trigger", "cloudfreq-control", "cloudfreq-items", "cloudfreq-poison", "cloudfreqruns", "cloudfreqitems" })
        {
            Assert.DoesNotContain($"'{name}'", compiled.Json, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{name}\"", compiled.Json, StringComparison.Ordinal);
        }
    }

    /// <summary>The Functions app replaces serve's api and worker apps: no container apps, no jobs, no KEDA queue rules.</summary>
    [Fact]
    public void Template_DeploysOneFunctionApp_AndNoContainerAppsJobsOrQueueScaleRules()
    {
        var types = Descendants(compiled.Template).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && o["apiVersion"] is not null)
            .Select(o => o["type"]!.GetValue<string>()).ToList();

        Assert.Single(types, t => t == "Microsoft.Web/sites");
        Assert.DoesNotContain("Microsoft.App/containerApps", types);
        Assert.DoesNotContain("Microsoft.App/jobs", types);
        Assert.DoesNotContain("Microsoft.Web/serverfarms", types); // Container Apps hosts it, not an App Service plan
        Assert.DoesNotContain("azureQueue", compiled.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("sweep", compiled.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FunctionApp_RunsOnContainerApps_InTheEnvironment_OnItsWorkloadProfile_FromTheImage()
    {
        var site = Site;
        var properties = site["properties"]!;

        Assert.Equal(FunctionAppKind, site["kind"]!.GetValue<string>());
        Assert.Equal("[parameters('environmentId')]", properties["managedEnvironmentId"]!.GetValue<string>());
        Assert.Equal("[parameters('workloadProfileName')]", properties["workloadProfileName"]!.GetValue<string>());
        Assert.Equal("[format('DOCKER|{0}', parameters('image'))]", properties["siteConfig"]!["linuxFxVersion"]!.GetValue<string>());
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());

        // main passes the environment's id and the profile it made for the app.
        var call = ModuleCall("functionapp");
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'environment'), '2025-04-01').outputs.environmentId.value]", call["environmentId"]!["value"]!.GetValue<string>());
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'environment'), '2025-04-01').outputs.appProfileName.value]", call["workloadProfileName"]!["value"]!.GetValue<string>());
        // CUDA on every GPU profile, the CPU provider on Consumption (Bicep folds the ternary into the parameter object).
        Assert.Equal("[if(equals(parameters('gpuProfileType'), 'Consumption'), createObject('value', 'cpu'), createObject('value', 'cuda'))]", call["executionProvider"]!.GetValue<string>());
    }

    /// <summary>Identity-based AzureWebJobsStorage: the account the workflow's blobs are in, the user-assigned identity, no key.</summary>
    [Fact]
    public void FunctionApp_Storage_IsIdentityBased_OnTheWorkflowsAccount()
    {
        var storage = compiled.Module("functionapp")["variables"]!["storageSettings"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());

        Assert.Equal("[parameters('storageAccountName')]", storage[$"{FunctionsStorage.Setting}__accountName"]);
        Assert.Equal("managedidentity", storage[$"{FunctionsStorage.Setting}__credential"]);
        Assert.Equal("[parameters('identityClientId')]", storage[$"{FunctionsStorage.Setting}__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", storage[CloudFreq.Orchestrations.Hosting.StorageClientFactory.ClientIdSetting]);
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.accountName.value]", ModuleCall("functionapp")["storageAccountName"]!["value"]!.GetValue<string>());

        // The blob trigger reads the same connection.
        Assert.Equal(FunctionsStorage.Setting, UploadTrigger.Connection);
    }

    /// <summary>The task hub defaults are host.json's, and both parameter files pass the hub checks the self-host applies to the same hub.</summary>
    [Fact]
    public void TaskHubDefaults_AreHostJsons_AndTheParameterFilesPassTheHubValidation()
    {
        var durable = SettingsDrift.LoadHostJson()["extensions"]!["durableTask"]!;

        Assert.Equal(durable["hubName"]!.GetValue<string>(), Default("hubName").GetValue<string>());
        Assert.Equal(durable["storageProvider"]!["partitionCount"]!.GetValue<int>(), Default("partitionCount").GetValue<int>());
        Assert.Equal(durable["maxConcurrentActivityFunctions"]!.GetValue<int>(), Default("maxConcurrentActivities").GetValue<int>());
        Assert.Equal(durable["storageProvider"]!["workItemQueueVisibilityTimeout"]!.GetValue<string>(), Default("workItemVisibilityTimeout").GetValue<string>());

        foreach (var file in InfraPaths.BicepParamFiles())
        {
            var parameters = BuildParams(file);
            var options = new DurableHostOptions
            {
                HubName = Value(parameters, "hubName")?.GetValue<string>() ?? Default("hubName").GetValue<string>(),
                MaxConcurrentActivityFunctions = Value(parameters, "maxConcurrentActivities")?.GetValue<int>() ?? Default("maxConcurrentActivities").GetValue<int>(),
            };
            options.StorageProvider.PartitionCount = Value(parameters, "partitionCount")?.GetValue<int>() ?? Default("partitionCount").GetValue<int>();
            options.StorageProvider.WorkItemQueueVisibilityTimeout = TimeSpan.Parse(
                Value(parameters, "workItemVisibilityTimeout")?.GetValue<string>() ?? Default("workItemVisibilityTimeout").GetValue<string>(),
                System.Globalization.CultureInfo.InvariantCulture);

            var error = Record.Exception(options.Validate);
            Assert.True(error is null, $"{InfraPaths.Relative(file)}: {error?.Message}");
        }
    }

    /// <summary>Durable Task on identity-based storage needs blob (owner: leases and host secrets), queue and table data roles on the account.</summary>
    [Fact]
    public void Identity_HasTheBlobOwnerQueueAndTableRoles_OnTheAccount()
    {
        var roles = compiled.Module("identity")["variables"]!["storageRoles"]!.AsObject();

        Assert.Equal(
            new[]
            {
                "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            }.Order(),
            roles.Select(r => r.Value!.GetValue<string>()).Order());
        var assignment = compiled.Resources("identity", "Microsoft.Authorization/roleAssignments").Single(r => r["copy"]?["name"]?.GetValue<string>() == "appStorageRoles");
        Assert.Equal("[length(items(variables('storageRoles')))]", assignment["copy"]!["count"]!.GetValue<string>());
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", assignment["scope"]!.GetValue<string>());
        Assert.Equal("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('{0}-id', parameters('namePrefix'))), '2023-01-31').principalId]", assignment["properties"]!["principalId"]!.GetValue<string>());
    }

    /// <summary>
    /// Event Grid: a system topic on the account and, when subscribeUploads is set, BlobCreated on
    /// datasets/.../run.json into the blob extension's webhook of the UploadMarker function, keyed with the
    /// host's blobs_extension system key. Names come from the code (the trigger's name and path, CloudNames).
    /// </summary>
    [Fact]
    public void Events_BlobCreatedOnUploadMarkers_GoToTheBlobTriggersWebhook()
    {
        var topic = Assert.Single(compiled.Resources("events", "Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic["properties"]!["topicType"]!.GetValue<string>());
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", topic["properties"]!["source"]!.GetValue<string>());

        var subscription = Assert.Single(compiled.Resources("events", "Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        Assert.Equal("[parameters('subscribeUploads')]", subscription["condition"]!.GetValue<string>());
        var filter = subscription["properties"]!["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(filter["includedEventTypes"]));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('container'))]", filter["subjectBeginsWith"]!.GetValue<string>());
        Assert.Equal("[format('/{0}', parameters('markerFile'))]", filter["subjectEndsWith"]!.GetValue<string>());
        var destination = subscription["properties"]!["destination"]!;
        Assert.Equal("WebHook", destination["endpointType"]!.GetValue<string>());
        var url = destination["properties"]!["endpointUrl"]!.GetValue<string>();
        Assert.Contains("'https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}'", url, StringComparison.Ordinal);
        Assert.Contains(".defaultHostName, parameters('functionName'))", url, StringComparison.Ordinal);
        Assert.Contains("if(parameters('subscribeUploads'), listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2024-04-01').systemKeys.blobs_extension, '')", url, StringComparison.Ordinal);

        // What main passes is what the code names: the trigger, its container and the marker file.
        var call = ModuleCall("events");
        Assert.Equal(UploadTrigger.Name, call["functionName"]!["value"]!.GetValue<string>());
        Assert.Equal(CloudNames.DatasetsContainer, call["container"]!["value"]!.GetValue<string>());
        Assert.Equal(CloudNames.MarkerFile, call["markerFile"]!["value"]!.GetValue<string>());
        Assert.Equal($"{CloudNames.DatasetsContainer}/{{name}}/{CloudNames.MarkerFile}", UploadTrigger.Path);
        Assert.Equal("[variables('functionAppName')]", call["functionAppName"]!["value"]!.GetValue<string>());
        Assert.Equal("[variables('functionAppName')]", ModuleCall("functionapp")["name"]!["value"]!.GetValue<string>());
        Assert.False(Default("subscribeUploads").GetValue<bool>());
    }

    [Fact]
    public void Environment_AddsTheGpuProfile_ServerlessOrDedicated_UnlessConsumption()
    {
        var environment = Assert.Single(compiled.Resources("environment", "Microsoft.App/managedEnvironments"));
        var profiles = environment["properties"]!["workloadProfiles"]!.GetValue<string>();

        Assert.StartsWith("[concat(createArray(createObject('name', 'Consumption', 'workloadProfileType', 'Consumption'))", profiles, StringComparison.Ordinal);
        Assert.Contains("if(not(variables('hasGpu')), createArray(), if(variables('dedicated'),", profiles, StringComparison.Ordinal);
        Assert.Contains("'minimumCount', 0, 'maximumCount', parameters('dedicatedMaxNodes')", profiles, StringComparison.Ordinal);
        var allowed = Strings(compiled.Template["parameters"]!["gpuProfileType"]!["allowedValues"]).ToList();
        Assert.Contains("Consumption-GPU-NC8as-T4", allowed);
        Assert.Contains("Consumption-GPU-NC24-A100", allowed);
        Assert.Contains("NC24-A100", allowed);
        Assert.Contains("Consumption", allowed);
    }

    [Fact]
    public void ParameterFiles_DevIsCpuOnly_ProdIsOnAServerlessGpuProfile_AndReplicasFit()
    {
        var dev = BuildParams(Path.Combine(InfraPaths.InfraDirectory, "parameters", "dev.bicepparam"));
        var prod = BuildParams(Path.Combine(InfraPaths.InfraDirectory, "parameters", "prod.bicepparam"));

        Assert.Equal("Consumption", Value(dev, "gpuProfileType")!.GetValue<string>());
        Assert.StartsWith("Consumption-GPU-", Value(prod, "gpuProfileType")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(Value(prod, "gpuProfileType")!.GetValue<string>(), Strings(compiled.Template["parameters"]!["gpuProfileType"]!["allowedValues"]));
        foreach (var parameters in new[] { dev, prod })
        {
            var min = Value(parameters, "minReplicas")?.GetValue<int>() ?? Default("minReplicas").GetValue<int>();
            var max = Value(parameters, "maxReplicas")?.GetValue<int>() ?? Default("maxReplicas").GetValue<int>();
            Assert.InRange(min, 1, max);
            Assert.False(Value(parameters, "subscribeUploads")?.GetValue<bool>() ?? false, "uploads are subscribed on the second deployment (CLOUDFREQ_SUBSCRIBE_UPLOADS=true)");
        }
    }

    /// <summary>Container Apps does not autoscale Durable Functions on the Azure Storage backend: the app never goes to zero replicas.</summary>
    [Fact]
    public void FunctionApp_NeverScalesToZero()
    {
        Assert.Equal(1, compiled.Template["parameters"]!["minReplicas"]!["minValue"]!.GetValue<int>());
        Assert.Equal(1, compiled.Module("functionapp")["parameters"]!["minReplicas"]!["minValue"]!.GetValue<int>());
        Assert.Equal("[parameters('minReplicas')]", Site["properties"]!["siteConfig"]!["minimumElasticInstanceCount"]!.GetValue<string>());
        Assert.Equal("[parameters('maxReplicas')]", Site["properties"]!["siteConfig"]!["functionAppScaleLimit"]!.GetValue<string>());
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        _ => [node],
    };

    private JsonNode ModuleCall(string deploymentName) =>
        compiled.Template["resources"]!.AsArray().OfType<JsonObject>().Single(r => r["name"]?.GetValue<string>() == deploymentName)["properties"]!["parameters"]!;

    private JsonNode Default(string name) => compiled.Template["parameters"]![name]!["defaultValue"]!;

    private static JsonNode? Value(JsonNode parameters, string name) => parameters["parameters"]![name]?["value"];

    private static JsonNode BuildParams(string file)
    {
        var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["build-params", file, "--stdout"], BicepTests.ParamEnvironment);
        Assert.True(code == 0, output);
        var parameters = JsonNode.Parse(output)!["parametersJson"]!.GetValue<string>();
        return JsonNode.Parse(parameters)!;
    }
}
