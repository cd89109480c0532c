using System.Text.Json.Nodes;
using CloudFreq.Functions.Hosting;
using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Infra.Tests;

/// <summary>The compiled template against the facts of the code and DESIGN.md section 3.</summary>
public class TemplateStructureTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>());

    [Fact]
    public void Storage_ContainersQueuesAndTables_AreTheNamesOfCloudNames()
    {
        var variables = compiled.Module("storage")["variables"]!;

        Assert.Equal(
            new[] { CloudNames.DatasetsContainer, CloudNames.ModelsContainer, CloudNames.ResultsContainer, CloudNames.ReportsContainer, CloudNames.SuitesContainer }.Order(),
            Strings(variables["containerNames"]).Order());
        Assert.Equal(
            new[] { CloudNames.TriggerQueue, CloudNames.ControlQueue, CloudNames.ItemsQueue, CloudNames.PoisonQueue }.Order(),
            Strings(variables["queueNames"]).Order());
        Assert.Equal(new[] { CloudNames.RunsTable, CloudNames.ItemsTable }.Order(), Strings(variables["tableNames"]).Order());
    }

    [Fact]
    public void EventGrid_DeliversMarkerBlobCreatedEvents_ToTheTriggerQueue()
    {
        var subscription = compiled.Resources("eventgrid", "Microsoft.EventGrid/systemTopics/eventSubscriptions").Single()["properties"]!;
        var filter = subscription["filter"]!;

        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(filter["includedEventTypes"]));
        Assert.Equal($"/blobServices/default/containers/{CloudNames.DatasetsContainer}/", filter["subjectBeginsWith"]!.GetValue<string>());
        Assert.Equal("/" + CloudNames.MarkerFile, filter["subjectEndsWith"]!.GetValue<string>());
        var destination = subscription["deliveryWithResourceIdentity"]!["destination"]!;
        Assert.Equal("StorageQueue", destination["endpointType"]!.GetValue<string>());
        Assert.Equal("[parameters('triggerQueueName')]", destination["properties"]!["queueName"]!.GetValue<string>());
        Assert.Equal(CloudNames.TriggerQueue, compiled.Module("eventgrid")["parameters"]!["triggerQueueName"]!["defaultValue"]!.GetValue<string>());
        var eventGridDeployment = compiled.Template["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "eventgrid")!;
        Assert.Equal(CloudNames.TriggerQueue, eventGridDeployment["properties"]!["parameters"]!["triggerQueueName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Worker_ScalesFromZero_OnEveryQueueThatCarriesWork_WithTheManagedIdentity()
    {
        var apps = compiled.Module("apps");
        var rules = apps["variables"]!["queueRules"]!.AsArray();
        Assert.Equal(
            new[] { CloudNames.ItemsQueue, CloudNames.ControlQueue, CloudNames.TriggerQueue }.Order(),
            rules.Select(r => r!["queue"]!.GetValue<string>()).Order());

        var worker = compiled.Resources("apps", "Microsoft.App/containerApps").Single(a => a["name"]!.GetValue<string>().Contains("-worker", StringComparison.Ordinal));
        var template = worker["properties"]!["template"]!;
        Assert.Equal(0, template["scale"]!["minReplicas"]!.GetValue<int>());
        Assert.Equal("[parameters('workerMaxReplicas')]", template["scale"]!["maxReplicas"]!.GetValue<string>());
        var copy = template["scale"]!["copy"]![0]!;
        Assert.Equal("rules", copy["name"]!.GetValue<string>());
        Assert.Equal("[length(variables('queueRules'))]", copy["count"]!.GetValue<string>());
        var scaleRule = copy["input"]!["azureQueue"]!;
        Assert.Equal("[parameters('storageAccountName')]", scaleRule["accountName"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", scaleRule["identity"]!.GetValue<string>());
        Assert.Null(scaleRule["auth"]);
        Assert.Equal(["serve", "--role", "worker", "--no-poller"], Strings(template["containers"]![0]!["args"]));
        Assert.Equal("[parameters('workerProfileName')]", worker["properties"]!["workloadProfileName"]!.GetValue<string>());
    }

    [Fact]
    public void SweepJob_RunsTheOneShotSweepRole_OnCpu_WithoutListeners()
    {
        var job = compiled.Resources("sweepjob", "Microsoft.App/jobs").Single()["properties"]!;
        var container = job["template"]!["containers"]![0]!;

        // The image's entry point runs cloudfreq; the job only replaces its arguments (no `timeout` wrapper).
        Assert.Null(container["command"]);
        var args = Strings(container["args"]).ToList();
        Assert.Equal(["serve", "--role", "sweep", "--no-poller"], args);
        var role = CloudHostRoles.Parse(args[2]);
        Assert.True(role.IsOneShot(), "the job's host must stop by itself after one pass");
        Assert.False(role.HasFlag(CloudHostRole.Listeners), "a sweep job that listens would take work items' deliveries");
        Assert.Equal("Consumption", job["workloadProfileName"]!.GetValue<string>());
        Assert.Equal("Schedule", job["configuration"]!["triggerType"]!.GetValue<string>());
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
        var apiKeyEntry = compiled.Module("apps")["variables"]!["storageEnv"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "CLOUDFREQ_API_KEY")!;
        Assert.Equal("api-key", apiKeyEntry["secretRef"]!.GetValue<string>());
        Assert.Equal("securestring", compiled.Module("apps")["parameters"]!["apiKey"]!["type"]!.GetValue<string>());
    }

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
