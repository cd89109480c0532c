using System.Text;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Runs;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>The durable workflow's decisions and activities, run in process: the run model of DESIGN.md section 3.</summary>
public sealed class WorkflowRunTests
{
    [Fact]
    public async Task FullRun_CompletesWithTheLocalRunsRows_AndWritesItsPlan()
    {
        using var cloud = new WorkflowHarness();
        var run = await cloud.RunAsync(WorkflowHarness.Spec(), "full-run");

        Assert.Equal((RunStatus.Completed, 3, 3, 0), (run.Status, run.Total, run.Done, run.Failed));
        Assert.Equal("http", run.Source);
        Assert.Contains("datasets/mnist60", run.SpecJson);
        var localCsv = await LocalCsvAsync(cloud, WorkflowHarness.Spec());
        Assert.Equal(localCsv, await cloud.ReportTextAsync("full-run", "results.csv"));
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", localCsv);
        Assert.Contains("models/mnist/Convnet_maxpool.onnx", await cloud.ReportTextAsync("full-run", "report.json"));

        var plan = (await cloud.Services.Blobs.ReadPlanAsync("full-run", default))!;
        Assert.Equal(3, plan.ItemIds.Count);
        Assert.Equal(new RunGroup(0, "d0.m0", 0, 3), Assert.Single(plan.Groups));
        Assert.Equal(64, plan.Fingerprint.Length);
    }

    [Fact]
    public async Task TwoModels_RunAsTwoGroupSubOrchestrations_WithTheirOwnInstanceIds()
    {
        using var cloud = new WorkflowHarness();
        var run = await cloud.RunAsync(WorkflowHarness.Spec(60, 30, WorkflowHarness.ConvnetBlob, WorkflowHarness.ReluBlob), "two-groups");

        Assert.Equal((RunStatus.Completed, 4, 4), (run.Status, run.Total, run.Done));
        var decisions = cloud.Host.Decisions;
        Assert.Equal(["two-groups:0", "two-groups:1"], decisions["two-groups"].Where(d => d.StartsWith("sub ", StringComparison.Ordinal)).Select(d => d.Split(' ')[2]));
        Assert.Equal(2, decisions["two-groups:0"].Count(d => d.StartsWith("activity ComputeItem", StringComparison.Ordinal)));
        Assert.Equal(2, decisions["two-groups:1"].Count(d => d.StartsWith("activity ComputeItem", StringComparison.Ordinal)));
        Assert.DoesNotContain(decisions["two-groups"], d => d.Contains("\"spec\"", StringComparison.OrdinalIgnoreCase) || d.Contains("partial", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Start_WithTakenRunId_ReturnsTheExistingRun_AndStartsNothingNew()
    {
        using var cloud = new WorkflowHarness();
        var first = await cloud.Runs.StartAsync(WorkflowHarness.Spec(), "http", "same");
        await cloud.WaitAsync("same");
        var second = await cloud.Runs.StartAsync(WorkflowHarness.Spec(limit: 40), "http", "same");

        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(60, (await cloud.Services.Blobs.ReadSpecAsync("same", default))!.Spec.Datasets[0].Options.Limit);
        Assert.Single((await cloud.Runs.ListAsync(null, 10)).Runs);
    }

    [Fact]
    public async Task Start_WithoutRunId_GivesASortableId()
    {
        using var cloud = new WorkflowHarness();
        var run = await cloud.Runs.StartAsync(WorkflowHarness.Spec(), "http");
        Assert.Matches("^[0-9]{14}-[0-9a-f]{8}$", run.RunId);
        await cloud.WaitAsync(run.RunId);
    }

    [Fact]
    public async Task DuplicateDeliveries_OfEveryActivity_ChangeNothing_AndComputeEachItemOnce()
    {
        var counting = new CountingRunnerFactory();
        using var twice = new WorkflowHarness(counting.Wrap, deliveries: 2);
        var run = await twice.RunAsync(WorkflowHarness.Spec(), "dup");

        Assert.Equal((RunStatus.Completed, 3, 3, 0), (run.Status, run.Total, run.Done, run.Failed));
        Assert.Equal(3, counting.Calls.Count);
        Assert.All(counting.Calls.Values, n => Assert.Equal(1, n));
        Assert.Equal(await LocalCsvAsync(twice, WorkflowHarness.Spec()), await twice.ReportTextAsync("dup", "results.csv"));
    }

    [Fact]
    public async Task PermanentError_IsAttemptedExactlyOnce_AndTheReportNamesTheItemAndError()
    {
        var counting = new CountingRunnerFactory(fail: (item, _) => item.ModelIndex == 1 ? new CloudFreqException("model mnist_relu_9_200: corrupt graph") : null);
        using var cloud = new WorkflowHarness(counting.Wrap);
        var run = await cloud.RunAsync(WorkflowHarness.Spec(60, 30, WorkflowHarness.ConvnetBlob, WorkflowHarness.ReluBlob), "poison-model");

        Assert.Equal((RunStatus.Completed, 4, 2, 2), (run.Status, run.Total, run.Done, run.Failed));
        var failed = counting.Calls.Where(c => c.Key.Contains(".m1-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, c => Assert.Equal(1, c.Value));
        var report = await cloud.ReportTextAsync("poison-model", "report.json");
        foreach (var (itemId, _) in failed)
        {
            Assert.Contains(itemId, report);
            Assert.Equal("model mnist_relu_9_200: corrupt graph", (await cloud.Services.Blobs.ReadErrorAsync("poison-model", itemId, default))!.Error);
        }

        Assert.Contains("corrupt graph", report);
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", await cloud.ReportTextAsync("poison-model", "results.csv"));
    }

    [Fact]
    public async Task TransientError_IsRetriedByThePolicy_ThenReportedWithItsLastError()
    {
        var counting = new CountingRunnerFactory(fail: (item, _) => item.ModelIndex == 1 ? new IOException("storage hiccup") : null);
        using var cloud = new WorkflowHarness(counting.Wrap);
        var run = await cloud.RunAsync(WorkflowHarness.Spec(60, 30, WorkflowHarness.ConvnetBlob, WorkflowHarness.ReluBlob), "transient");

        Assert.Equal((RunStatus.Completed, 4, 2, 2), (run.Status, run.Total, run.Done, run.Failed));
        Assert.All(counting.Calls.Where(c => c.Key.Contains(".m1-", StringComparison.Ordinal)), c => Assert.Equal(3, c.Value));
        var report = await cloud.ReportTextAsync("transient", "report.json");
        Assert.Contains("failed 3 times", report);
        Assert.Contains("storage hiccup", report);
    }

    [Fact]
    public async Task TransientError_ThatClears_IsRetried_AndTheRunHasEveryResult()
    {
        var counting = new CountingRunnerFactory(fail: (_, attempt) => attempt == 1 ? new TimeoutException("slow storage") : null);
        using var cloud = new WorkflowHarness(counting.Wrap);
        var run = await cloud.RunAsync(WorkflowHarness.Spec(), "clears");

        Assert.Equal((RunStatus.Completed, 3, 3, 0), (run.Status, run.Total, run.Done, run.Failed));
        Assert.All(counting.Calls.Values, n => Assert.Equal(2, n));
        Assert.Equal(await LocalCsvAsync(cloud, WorkflowHarness.Spec()), await cloud.ReportTextAsync("clears", "results.csv"));
    }

    [Fact]
    public async Task Cancel_SchedulesNothingNew_RunningItemsFinish_AndTheRunEndsCanceledWithoutAReport()
    {
        using var firstItemStarted = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var counting = new CountingRunnerFactory(fail: (_, _) =>
        {
            firstItemStarted.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return null;
        });
        using var cloud = new WorkflowHarness(counting.Wrap, settings: new WorkflowSettings(Window: 1, ItemAttempts: 3, FirstRetrySeconds: 0.1));
        await cloud.Runs.StartAsync(WorkflowHarness.Spec(60, 10), "http", "cancel");
        Assert.True(await firstItemStarted.WaitAsync(TimeSpan.FromMinutes(1)));

        var canceling = await cloud.Runs.CancelAsync("cancel");
        Assert.Equal(RunStatus.Running, canceling!.Status);
        await Task.Delay(200);
        release.Release(10);
        var run = await cloud.WaitAsync("cancel");

        Assert.Equal(RunStatus.Canceled, run.Status);
        Assert.Equal(6, run.Total);
        Assert.Equal(1, cloud.ResultCount("cancel"));
        Assert.Null(await cloud.Runs.ReadReportAsync("cancel", "results.csv"));
        Assert.Equal(RunStatus.Canceled, (await cloud.Runs.CancelAsync("cancel"))!.Status);
        Assert.Null(await cloud.Runs.CancelAsync("unknown"));
    }

    [Fact]
    public async Task LargeGroup_ContinuesAsNew_AndStillGivesTheLocalRunsRows()
    {
        using var cloud = new WorkflowHarness(settings: new WorkflowSettings(Window: 3, ItemAttempts: 2, FirstRetrySeconds: 0.1, ItemsPerExecution: 10));
        var spec = WorkflowHarness.Spec(60, 4);
        var run = await cloud.RunAsync(spec, "long");

        Assert.Equal((RunStatus.Completed, 15, 15, 0), (run.Status, run.Total, run.Done, run.Failed));
        var group = cloud.Host.Decisions["long:0"];
        Assert.Single(group, d => d.StartsWith("continue-as-new", StringComparison.Ordinal));
        Assert.Equal(15, group.Count(d => d.StartsWith("activity ComputeItem", StringComparison.Ordinal)));
        Assert.Equal(15, group.Where(d => d.StartsWith("activity ComputeItem", StringComparison.Ordinal)).Distinct().Count());
        Assert.Equal(await LocalCsvAsync(cloud, spec), await cloud.ReportTextAsync("long", "results.csv"));
    }

    [Fact]
    public async Task SuiteBlob_IsStagedAndRun()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Blobs.WriteAsync("suites/mine.json", "{\"analyses\":[{\"name\":\"clean\"}]}"u8.ToArray());
        var run = await cloud.RunAsync(WorkflowHarness.Spec() with { Suite = "suites/mine.json" }, "suite-blob");
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task ModelReplacedAfterPlanning_OtherWorkersFailItsItemsWithAClearError()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Services.Blobs.TryCreateSpecAsync(new StoredRunSpec("changed", "http", DateTimeOffset.UtcNow, WorkflowHarness.Spec()), default);
        var outline = await new PrepareRunActivity(cloud.Services).RunAsync(null!, "changed");
        Assert.Null(outline.Error);
        cloud.Blobs.Upload(WorkflowHarness.ConvnetBlob, SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx"));

        // A worker that prepares the run only now sees other inputs than were planned.
        using var leases = cloud.NewLeases(Path.Combine(cloud.Root, "cache-other"));
        var other = cloud.Services with { PreparedRuns = leases };
        var outcome = await new ComputeItemActivity(other).RunAsync(null!, new ItemInput("changed", outline.Fingerprint, 0));

        Assert.True(outcome.Failed);
        var plan = (await cloud.Services.Blobs.ReadPlanAsync("changed", default))!;
        Assert.Contains("inputs changed after planning", (await cloud.Services.Blobs.ReadErrorAsync("changed", plan.ItemIds[0], default))!.Error);
        Assert.Equal(0, cloud.ResultCount("changed"));
    }

    [Fact]
    public async Task ComputeItem_WithAStoredResult_ComputesNothing()
    {
        var counting = new CountingRunnerFactory();
        using var cloud = new WorkflowHarness(counting.Wrap);
        await cloud.Services.Blobs.TryCreateSpecAsync(new StoredRunSpec("again", "http", DateTimeOffset.UtcNow, WorkflowHarness.Spec()), default);
        var outline = await new PrepareRunActivity(cloud.Services).RunAsync(null!, "again");
        var activity = new ComputeItemActivity(cloud.Services);

        var first = await activity.RunAsync(null!, new ItemInput("again", outline.Fingerprint, 1));
        var second = await activity.RunAsync(null!, new ItemInput("again", outline.Fingerprint, 1));

        Assert.Equal((false, false), (first.Failed, first.Reused));
        Assert.Equal((false, true), (second.Failed, second.Reused));
        Assert.Equal(1, Assert.Single(counting.Calls).Value);
        var outOfPlan = await activity.RunAsync(null!, new ItemInput("again", outline.Fingerprint, 99));
        Assert.True(outOfPlan.Failed);
        Assert.Contains("not in the run's plan", outOfPlan.Error);
    }

    [Fact]
    public async Task PrepareRun_UnusableInputs_ArePermanent_AndTheRunFailsWithTheError()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Runs.StartAsync(WorkflowHarness.Spec(), "http", "gone");
        await cloud.WaitAsync("gone");
        await cloud.Services.Blobs.TryCreateSpecAsync(new StoredRunSpec("broken", "http", DateTimeOffset.UtcNow, WorkflowHarness.Spec() with { Datasets = [new DatasetSpec { Path = "datasets/absent" }] }), default);

        var outline = await new PrepareRunActivity(cloud.Services).RunAsync(null!, "broken");

        Assert.NotNull(outline.Error);
        Assert.Empty(outline.Groups);
    }

    internal static async Task<string> LocalCsvAsync(WorkflowHarness cloud, RunSpec cloudSpec)
    {
        using var local = new RunHarness(WorkflowHarness.Settings);
        var limit = cloudSpec.Datasets[0].Options.Limit;
        var models = cloudSpec.Models.Select(m => SharedData.Path("models", "mnist", Path.GetFileName(m.Path))).ToArray();
        await local.RunAsync(RunHarness.Spec(cloud.LocalDataset, new DatasetOptions { Limit = limit }, cloudSpec.ItemSize, models) with { Suite = cloudSpec.Suite });
        return File.ReadAllText(Path.Combine(local.OutDir, "results.csv"));
    }
}
