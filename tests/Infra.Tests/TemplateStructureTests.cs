using System.Text.Json.Nodes;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Serve.SelfHost;
using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Infra.Tests;

/// <summary>The compiled template against the facts of the code and DESIGN.md section 3.</summary>
public class TemplateStructureTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>());

    [Fact]
    public void Storage_Containers_AreTheNamesOfCloudNames_AndNoQueuesOrTablesAreDeclared()
    {
        var storage = compiled.Module("storage");
        var variables = storage["variables"]!;

        Assert.Equal(
            new[] { CloudNames.DatasetsContainer, CloudNames.ModelsContainer, CloudNames.ResultsContainer, CloudNames.ReportsContainer, CloudNames.SuitesContainer }.Order(),
            Strings(variables["containerNames"]).Order());

        // The task hub creates its own queues, tables and lease blobs; the hand-made engine's are gone.
        Assert.Null(variables["queueNames"]);
        Assert.Null(variables["tableNames"]);
        Assert.DoesNotContain("Microsoft.Storage/storageAccounts/queueServices", compiled.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Storage/storageAccounts/tableServices", compiled.Json, StringComparison.Ordinal);
        foreach (var name in new[] { "cloudfreq-trigger", "cloudfreq-control", "cloudfreq-items", "cloudfreq-poison", "cloudfreqruns", "cloudfreqitems" })
        {
            Assert.DoesNotContain($"'{name}'", compiled.Json, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{name}\"", compiled.Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Template_HasNoSweepJob_NoEventGridToAQueue_AndOnlyTheHostsRoles()
    {
        Assert.DoesNotContain(Descendants(compiled.Template).OfType<JsonObject>(), o => o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && o["type"]!.GetValue<string>() is "Microsoft.App/jobs" or "Microsoft.EventGrid/systemTopics" or "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        Assert.DoesNotContain("sweep", compiled.Json, StringComparison.OrdinalIgnoreCase);

        // Every container runs `serve --role R` with a role the host accepts (api, worker, all).
        var apps = compiled.Resources("apps", "Microsoft.App/containerApps");
        Assert.Equal(2, apps.Count);
        foreach (var app in apps)
        {
            var args = Strings(app["properties"]!["template"]!["containers"]![0]!["args"]).ToList();
            Assert.Equal("serve", args[0]);
            Assert.Equal("--role", args[1]);
            var role = CloudHostRoles.Parse(args[2]);
            Assert.Equal(args[2], role.Name());
        }
    }

    [Fact]
    public void Worker_ScalesFromZero_OnTheTaskHubsQueues_WithTheManagedIdentity()
    {
        var apps = compiled.Module("apps");
        var variables = apps["variables"]!;

        // DurableTask.AzureStorage's queue names: <hub>-workitems (activities) and <hub>-control-NN
        // (orchestration messages: a run that starts while the workers are at zero waits there), hub lower-cased.
        Assert.Equal("[toLower(parameters('hubName'))]", variables["taskHub"]!.GetValue<string>());
        Assert.Equal("[format('{0}-workitems', variables('taskHub'))]", variables["workItemQueue"]!.GetValue<string>());
        var control = variables["copy"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "controlQueueRules")!;
        Assert.Equal("[length(range(0, parameters('partitionCount')))]", control["count"]!.GetValue<string>());
        Assert.Equal(
            "[format('{0}-control-{1}', variables('taskHub'), padLeft(range(0, parameters('partitionCount'))[copyIndex('controlQueueRules')], 2, '0'))]",
            control["input"]!["queue"]!.GetValue<string>());
        var rules = variables["queueRules"]!.GetValue<string>();
        Assert.Contains("createObject('name', 'workitems-queue', 'queue', variables('workItemQueue'), 'length', parameters('itemsPerReplica'))", rules, StringComparison.Ordinal);
        Assert.Contains("variables('controlQueueRules')", rules, StringComparison.Ordinal);

        // The hub the rules watch is the hub the apps are given, and its default is the host's.
        var hubEnv = variables["hubEnv"]!.AsArray();
        Assert.Equal("[parameters('hubName')]", hubEnv.Single(e => e!["name"]!.GetValue<string>() == "extensions__durableTask__hubName")!["value"]!.GetValue<string>());
        Assert.Equal("[parameters('partitionCount')]", compiled.Template["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "apps")!["properties"]!["parameters"]!["partitionCount"]!["value"]!.GetValue<string>());
        Assert.Equal(new DurableHostOptions().HubName, Default("hubName").GetValue<string>());
        Assert.Equal(new DurableHostOptions().StorageProvider.PartitionCount, Default("partitionCount").GetValue<int>());

        var worker = compiled.Resources("apps", "Microsoft.App/containerApps").Single(a => a["name"]!.GetValue<string>().Contains("-worker", StringComparison.Ordinal));
        var template = worker["properties"]!["template"]!;
        Assert.Equal(0, template["scale"]!["minReplicas"]!.GetValue<int>());
        Assert.Equal("[parameters('workerMaxReplicas')]", template["scale"]!["maxReplicas"]!.GetValue<string>());
        var copy = template["scale"]!["copy"]![0]!;
        Assert.Equal("rules", copy["name"]!.GetValue<string>());
        Assert.Equal("[length(variables('queueRules'))]", copy["count"]!.GetValue<string>());
        var scaleRule = copy["input"]!["azureQueue"]!;
        Assert.Equal("[parameters('storageAccountName')]", scaleRule["accountName"]!.GetValue<string>());
        Assert.Equal("[variables('queueRules')[copyIndex('rules')].queue]", scaleRule["queueName"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", scaleRule["identity"]!.GetValue<string>());
        Assert.Null(scaleRule["auth"]);
        Assert.Equal(["serve", "--role", "worker", "--no-poller"], Strings(template["containers"]![0]!["args"]));
        Assert.Equal("[parameters('workerProfileName')]", worker["properties"]!["workloadProfileName"]!.GetValue<string>());
    }

    [Fact]
    public void Identity_HasTheBlobQueueAndTableDataRoles_ThatTheTaskHubNeeds()
    {
        var roles = compiled.Module("identity")["variables"]!["storageRoles"]!.AsObject();

        Assert.Equal(
            new[] { "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" }.Order(),
            roles.Select(r => r.Value!.GetValue<string>()).Order());
        var assignment = compiled.Resources("identity", "Microsoft.Authorization/roleAssignments").Single(r => r["copy"]?["name"]?.GetValue<string>() == "appStorageRoles");
        Assert.Equal("[length(items(variables('storageRoles')))]", assignment["copy"]!["count"]!.GetValue<string>());
    }

    /// <summary>The task hub settings of both parameter files (and the defaults) pass the host's own checks.</summary>
    [Fact]
    public void ParameterFiles_TaskHubSettings_PassTheHostsValidation()
    {
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

    [Fact]
    public void Worker_GracePeriod_IsLongerThanItsShutdownTimeout_InBothParameterFiles()
    {
        foreach (var file in InfraPaths.BicepParamFiles())
        {
            var parameters = BuildParams(file);
            var grace = TimeSpan.FromSeconds(Value(parameters, "terminationGracePeriodSeconds")?.GetValue<int>() ?? Default("terminationGracePeriodSeconds").GetValue<int>());
            var shutdown = TimeSpan.Parse(Value(parameters, "shutdownTimeout")?.GetValue<string>() ?? Default("shutdownTimeout").GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

            Assert.True(shutdown < grace, $"{InfraPaths.Relative(file)}: shutdown timeout {shutdown} must end before the grace period {grace}");
        }
    }

    [Fact]
    public void ParameterFiles_DevIsCpuOnly_ProdIsOnAServerlessGpuProfile()
    {
        var dev = BuildParams(Path.Combine(InfraPaths.InfraDirectory, "parameters", "dev.bicepparam"));
        var prod = BuildParams(Path.Combine(InfraPaths.InfraDirectory, "parameters", "prod.bicepparam"));

        Assert.Equal("Consumption", Value(dev, "workerProfileType")!.GetValue<string>());
        Assert.StartsWith("Consumption-GPU-", Value(prod, "workerProfileType")!.GetValue<string>(), StringComparison.Ordinal);
        var allowed = Strings(compiled.Template["parameters"]!["workerProfileType"]!["allowedValues"]);
        Assert.Contains(Value(prod, "workerProfileType")!.GetValue<string>(), allowed);
    }

    [Fact]
    public void Api_HasHttpIngress_HttpScaling_AndTheApiKeyAsASecret()
    {
        var api = compiled.Resources("apps", "Microsoft.App/containerApps").Single(a => a["name"]!.GetValue<string>().Contains("-api", StringComparison.Ordinal));
        var properties = api["properties"]!;

        Assert.Equal(8080, properties["configuration"]!["ingress"]!["targetPort"]!.GetValue<int>());
        Assert.NotNull(properties["template"]!["scale"]!["rules"]![0]!["http"]);
        Assert.Equal(["serve", "--role", "api"], Strings(properties["template"]!["containers"]![0]!["args"]));

        // The api replicas poll the upload markers (no --no-poller, no Event Grid): never scaled to zero.
        Assert.Equal(1, compiled.Module("apps")["parameters"]!["apiMinReplicas"]!["minValue"]!.GetValue<int>());
        Assert.Equal(1, compiled.Template["parameters"]!["apiMinReplicas"]!["minValue"]!.GetValue<int>());
        var apiKeyEntry = compiled.Module("apps")["variables"]!["storageEnv"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "CLOUDFREQ_API_KEY")!;
        Assert.Equal("api-key", apiKeyEntry["secretRef"]!.GetValue<string>());
        Assert.Equal("securestring", compiled.Module("apps")["parameters"]!["apiKey"]!["type"]!.GetValue<string>());
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        _ => [node],
    };

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
