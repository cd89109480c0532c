using System.Reflection;
using System.Text.Json;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Functions.Workflow;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Workflow;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CloudFreq.Functions.Tests.Workflow;

/// <summary>
/// The same workflow classes behind the Functions triggers: a run started through the StartRun function,
/// orchestrated through the orchestration triggers and computed through the activity triggers, gives the
/// local run's rows; every trigger is a thin call whose types match the class it calls.
/// </summary>
public sealed class WorkflowThroughTriggersTests
{
    [Fact]
    public async Task RunStartedOverHttp_RunsThroughTheTriggers_AndGivesTheLocalRunsRows()
    {
        using var app = new FunctionsHarness();
        var spec = WorkflowHarness.Spec();
        var start = HttpCall.Request("POST", "/api/runs", JsonSerializer.Serialize(spec, RunJson.Options));
        var started = await HttpCall.ExecuteAsync(start, await app.Http.StartAsync(start, app.Client));

        Assert.Equal(202, started.Status);
        var runId = started.Json.GetProperty("id").GetString()!;
        Assert.Equal($"https://cloudfreq-app.example.net/api/runs/{runId}", started.Headers.Location.ToString());
        Assert.Equal([(WorkflowNames.RunOrchestrator, runId)], app.Client.Starts);
        await app.Cloud.Client.WhenEnded(runId).WaitAsync(TimeSpan.FromMinutes(3));

        var get = HttpCall.Request("GET", $"/api/runs/{runId}");
        var status = await HttpCall.ExecuteAsync(get, await app.Http.GetAsync(get, app.Client, runId));
        Assert.Equal(200, status.Status);
        Assert.Equal("Completed", status.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, status.Json.GetProperty("customStatus").GetProperty("itemsDone").GetInt32());

        var report = HttpCall.Request("GET", $"/api/runs/{runId}/report", query: "?format=csv");
        var csv = await HttpCall.ExecuteAsync(report, await app.Http.ReportAsync(report, app.Client, runId));
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.ContentType);
        Assert.Equal(await WorkflowRunTests.LocalCsvAsync(app.Cloud, spec), csv.Body);

        // One prepare, one summary, an activity per item (3 items of 20 images), a run and a group orchestration.
        Assert.Equal(1, app.TriggerCalls[WorkflowNames.PrepareRun]);
        Assert.Equal(3, app.TriggerCalls[WorkflowNames.ComputeItem]);
        Assert.Equal(1, app.TriggerCalls[WorkflowNames.SummarizeRun]);
        Assert.Equal(1, app.TriggerCalls[WorkflowNames.RunOrchestrator]);
        Assert.Equal(1, app.TriggerCalls[WorkflowNames.GroupOrchestrator]);
    }

    [Fact]
    public async Task EveryActivityDeliveredTwice_ThroughTheTriggers_ChangesNothing()
    {
        using var app = new FunctionsHarness(deliveries: 2);
        var spec = WorkflowHarness.Spec();
        var start = HttpCall.Request("POST", "/api/runs", JsonSerializer.Serialize(spec, RunJson.Options));
        var runId = (await HttpCall.ExecuteAsync(start, await app.Http.StartAsync(start, app.Client))).Json.GetProperty("id").GetString()!;
        await app.Cloud.Client.WhenEnded(runId).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(6, app.TriggerCalls[WorkflowNames.ComputeItem]);
        Assert.Equal(await WorkflowRunTests.LocalCsvAsync(app.Cloud, spec), await app.Cloud.ReportTextAsync(runId, "results.csv"));
    }

    [Fact]
    public void EveryOrchestratorTrigger_ReturnsWhatItsClassReturns()
    {
        var triggers = Triggered(typeof(OrchestratorTriggers), typeof(OrchestrationTriggerAttribute));
        Assert.Equal(WorkflowNames.Orchestrators.Order(StringComparer.Ordinal), triggers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(typeof(Task<RunOutput>), triggers[WorkflowNames.RunOrchestrator].ReturnType);
        Assert.Equal(OutputOf(typeof(RunOrchestrator), typeof(TaskOrchestrator<,>)), triggers[WorkflowNames.RunOrchestrator].ReturnType);
        Assert.Equal(OutputOf(typeof(GroupOrchestrator), typeof(TaskOrchestrator<,>)), triggers[WorkflowNames.GroupOrchestrator].ReturnType);
    }

    [Theory]
    [InlineData(WorkflowNames.PrepareRun, typeof(PrepareRunActivity))]
    [InlineData(WorkflowNames.ComputeItem, typeof(ComputeItemActivity))]
    [InlineData(WorkflowNames.SummarizeRun, typeof(SummarizeRunActivity))]
    public void EveryActivityTrigger_TakesAndReturnsWhatItsClassDoes(string name, Type activity)
    {
        var triggers = Triggered(typeof(ActivityTriggers), typeof(ActivityTriggerAttribute));
        Assert.Equal(WorkflowNames.Activities.Order(StringComparer.Ordinal), triggers.Keys.Order(StringComparer.Ordinal));
        var method = triggers[name];
        var generic = activity.BaseType!;
        Assert.Equal(typeof(TaskActivity<,>), generic.GetGenericTypeDefinition());
        var input = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
        Assert.Equal(generic.GetGenericArguments()[0], input.ParameterType);
        Assert.Equal(OutputOf(activity, typeof(TaskActivity<,>)), method.ReturnType);
    }

    private static Dictionary<string, MethodInfo> Triggered(Type type, Type triggerAttribute) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                && m.GetParameters().Any(p => p.GetCustomAttributes(triggerAttribute, false).Length > 0))
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.Ordinal);

    private static Type OutputOf(Type workflowClass, Type openBase)
    {
        var baseType = workflowClass.BaseType!;
        Assert.Equal(openBase, baseType.GetGenericTypeDefinition());
        return typeof(Task<>).MakeGenericType(baseType.GetGenericArguments()[1]);
    }
}
