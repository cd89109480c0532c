using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>
/// Orchestrators are deterministic (DESIGN.md section 3): replayed from a recorded history (every
/// activity's outcome, no activity run), they make the same decisions in the same order.
/// </summary>
public sealed class WorkflowReplayTests
{
    [Fact]
    public async Task RunAndGroups_ReplayedFromTheirHistory_MakeTheSameDecisions_WithoutRunningActivities()
    {
        var settings = new WorkflowSettings(Window: 2, ItemAttempts: 2, FirstRetrySeconds: 0.1, ItemsPerExecution: 10);
        var spec = WorkflowHarness.Spec(60, 5, WorkflowHarness.ConvnetBlob, WorkflowHarness.ReluBlob);
        using var recorded = new WorkflowHarness(asynchronous: false, settings: settings);
        var run = await recorded.RunAsync(spec, "replay");
        Assert.Equal((RunStatus.Completed, 24, 24), (run.Status, run.Total, run.Done));

        using var replayed = new WorkflowHarness(asynchronous: false, scripted: recorded.Host.Outcomes, settings: settings, blobs: recorded.Blobs);
        await replayed.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.RunOrchestrator, "replay", new RunInput("replay", "http", settings));
        var again = await replayed.WaitAsync("replay");

        Assert.Equal(RunStatus.Completed, again.Status);
        Assert.Empty(replayed.Host.Attempts);
        Assert.Equal(
            recorded.Host.Decisions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, string.Join('\n', kv.Value))),
            replayed.Host.Decisions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, string.Join('\n', kv.Value))));
        Assert.Equal(["replay", "replay:0", "replay:1"], recorded.Host.Decisions.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(recorded.Host.Decisions["replay:0"], d => d.StartsWith("continue-as-new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedRun_FailsWithItsErrorAndSchedulesNothing()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Runs.StartRefusedAsync("refused", "datasets/x/run.json", "datasets/x/run.json: models: at least one model is required");
        var run = await cloud.WaitAsync("refused");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("at least one model", run.Error);
        Assert.Equal("datasets/x/run.json", run.Source);
        Assert.DoesNotContain(cloud.Host.Decisions["refused"], d => d.StartsWith("activity", StringComparison.Ordinal));
    }
}
