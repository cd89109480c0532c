using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Runs;

namespace CloudFreq.Orchestrations.Tests.Cloud;

public class CloudRunTests
{
    [Fact]
    public async Task FullRun_PumpedThroughTheQueues_CompletesWithTheLocalRunsRows()
    {
        using var cloud = new CloudHarness();
        var started = await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "full-run");
        Assert.Equal(RunStatus.Pending, started.Status);

        await cloud.PumpAllAsync();

        var run = await cloud.RunAsync("full-run");
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal((3, 3, 0), (run.Total, run.Done, run.Failed));
        Assert.NotNull(run.Fingerprint);

        using var local = new RunHarness(CloudHarness.Settings);
        await local.RunAsync(RunHarness.Spec(cloud.LocalDataset, new DatasetOptions { Limit = 60 }, itemSize: 20, SharedData.Path("models", "mnist", "Convnet_maxpool.onnx")));
        var localCsv = File.ReadAllText(Path.Combine(local.OutDir, "results.csv"));
        var cloudCsv = await cloud.ReportTextAsync("full-run", "results.csv");
        Assert.Equal(localCsv, cloudCsv);
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", cloudCsv);
        Assert.NotNull(await cloud.Workflow.Runs.ReadReportAsync("full-run", "report.html"));
        Assert.Contains("models/mnist/Convnet_maxpool.onnx", await cloud.ReportTextAsync("full-run", "report.json"));
    }

    [Fact]
    public async Task Start_WithTakenRunId_ReturnsTheExistingRunAndEnqueuesNothing()
    {
        using var cloud = new CloudHarness();
        var first = await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "same");
        var second = await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(limit: 40), "http", "same");

        Assert.Equal(first, second);
        Assert.Single(cloud.ControlQueue.Bodies());
    }

    [Fact]
    public async Task Start_WithoutRunId_GivesASortableId()
    {
        using var cloud = new CloudHarness();
        var run = await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http");
        Assert.Matches("^[0-9]{14}-[0-9a-f]{8}$", run.RunId);
    }

    [Fact]
    public async Task DuplicateDeliveries_OfEveryItem_ChangeNothing()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "dup");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        foreach (var body in cloud.ItemsQueue.Bodies())
        {
            await cloud.Ports.Items.SendAsync(body);
        }

        Assert.Equal(6, cloud.ItemsQueue.Bodies().Count);
        await cloud.PumpAllAsync();
        var run = await cloud.RunAsync("dup");
        Assert.Equal((RunStatus.Completed, 3, 3, 0), (run.Status, run.Total, run.Done, run.Failed));
        var csv = await cloud.ReportTextAsync("dup", "results.csv");

        // And once more after completion: acknowledged, nothing recomputed or recounted.
        foreach (var item in await cloud.Store.ListItemsAsync("dup"))
        {
            await cloud.Ports.Items.SendAsync(new ItemMessage("dup", item.Value.ItemId).ToJson());
        }

        await cloud.PumpAllAsync();
        run = await cloud.RunAsync("dup");
        Assert.Equal((RunStatus.Completed, 3, 0), (run.Status, run.Done, run.Failed));
        Assert.Equal(csv, await cloud.ReportTextAsync("dup", "results.csv"));
        Assert.All(await cloud.Store.ListItemsAsync("dup"), i => Assert.Equal(1, i.Value.Attempts));
    }

    [Fact]
    public async Task ItemThatAlwaysThrows_EndsFailedAfterTheDequeueLimit_AndTheReportListsIt()
    {
        using var cloud = new CloudHarness(new ThrowingRunner("mnist_relu_9_200"));
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(60, 30, CloudHarness.ConvnetBlob, CloudHarness.ReluBlob), "http", "fail");

        await cloud.PumpAllAsync();

        var run = await cloud.RunAsync("fail");
        Assert.Equal((RunStatus.Completed, 4, 2, 2), (run.Status, run.Total, run.Done, run.Failed));
        var items = await cloud.Store.ListItemsAsync("fail");
        var failed = items.Where(i => i.Value.Status == ItemStatus.Failed).Select(i => i.Value).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, i =>
        {
            Assert.Equal(cloud.Options.MaxDequeueCount, i.Attempts);
            Assert.Contains("corrupt model", i.Error);
        });
        var report = await cloud.ReportTextAsync("fail", "report.json");
        foreach (var item in failed)
        {
            Assert.Contains(item.ItemId, report);
        }

        Assert.Matches("failed: (InvalidOperationException: )?corrupt model", report);
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", await cloud.ReportTextAsync("fail", "results.csv"));
        Assert.Equal(2, cloud.Ports.Poison is var poison ? await poison.ApproximateCountAsync() : 0);
    }

    [Fact]
    public async Task LostItemMessage_IsRepairedByTheSweep()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "lost-item");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        var lost = (await cloud.Ports.Items.ReceiveAsync(1, cloud.Options.VisibilityTimeout)).Single();
        await cloud.Ports.Items.DeleteAsync(lost);

        await cloud.PumpAllAsync();
        var stuck = await cloud.RunAsync("lost-item");
        Assert.Equal((RunStatus.Running, 2), (stuck.Status, stuck.Done));

        var early = await cloud.Workflow.Sweeper.RunOnceAsync();
        Assert.Equal(0, early.Items);

        cloud.Clock.Advance(cloud.Options.VisibilityTimeout * cloud.Options.MaxDequeueCount + TimeSpan.FromSeconds(1));
        var sweep = await cloud.Workflow.Sweeper.RunOnceAsync();
        Assert.Equal(1, sweep.Items);
        await cloud.PumpAllAsync();

        var run = await cloud.RunAsync("lost-item");
        Assert.Equal((RunStatus.Completed, 3), (run.Status, run.Done));
    }

    [Fact]
    public async Task LostSummarizeMessage_IsRepairedByTheSweep()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "lost-summary");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        while (await cloud.PumpOnceAsync(cloud.Workflow.Items) > 0)
        {
        }

        var summary = (await cloud.Ports.Control.ReceiveAsync(1, cloud.Options.VisibilityTimeout)).Single();
        Assert.Contains("summarize", summary.Body);
        await cloud.Ports.Control.DeleteAsync(summary);
        Assert.Equal(RunStatus.Summarizing, (await cloud.RunAsync("lost-summary")).Status);

        Assert.Equal(0, (await cloud.Workflow.Sweeper.RunOnceAsync()).Summaries);
        cloud.Clock.Advance(cloud.Options.VisibilityTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await cloud.Workflow.Sweeper.RunOnceAsync()).Summaries);
        Assert.Equal(0, (await cloud.Workflow.Sweeper.RunOnceAsync()).Summaries);
        await cloud.PumpAllAsync();

        Assert.Equal(RunStatus.Completed, (await cloud.RunAsync("lost-summary")).Status);
        Assert.NotNull(await cloud.Workflow.Runs.ReadReportAsync("lost-summary", "results.csv"));
    }

    [Fact]
    public async Task LostPlanMessage_IsRepairedByTheSweep()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "lost-plan");
        await cloud.Ports.Control.DeleteAsync((await cloud.Ports.Control.ReceiveAsync(1, cloud.Options.VisibilityTimeout)).Single());

        cloud.Clock.Advance(cloud.Options.VisibilityTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await cloud.Workflow.Sweeper.RunOnceAsync()).Plans);
        await cloud.PumpAllAsync();

        Assert.Equal(RunStatus.Completed, (await cloud.RunAsync("lost-plan")).Status);
    }

    [Fact]
    public async Task LostRunCount_IsReconciledByTheSweep()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "lost-count");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        while (await cloud.PumpOnceAsync(cloud.Workflow.Items) > 0)
        {
        }

        // A worker that died after recording its item but before counting it: the run never left Running.
        var run = await cloud.RunAsync("lost-count");
        cloud.Store.Set(run with { Status = RunStatus.Running, Done = 2 });
        foreach (var message in await cloud.Ports.Control.ReceiveAsync(10, cloud.Options.VisibilityTimeout))
        {
            await cloud.Ports.Control.DeleteAsync(message);
        }

        cloud.Clock.Advance(cloud.Options.VisibilityTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await cloud.Workflow.Sweeper.RunOnceAsync()).Reconciled);
        await cloud.PumpAllAsync();

        Assert.Equal((RunStatus.Completed, 3), ((await cloud.RunAsync("lost-count")).Status, (await cloud.RunAsync("lost-count")).Done));
    }

    [Fact]
    public async Task Completion_WithTwoWorkersRacingOnTheLastItems_EnqueuesOneSummary()
    {
        using var cloud = new CloudHarness();
        using var second = cloud.NewWorkflow();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(60, 15), "http", "race");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        await cloud.PumpOnceAsync(cloud.Workflow.Items, max: 2);

        var last = await cloud.Ports.Items.ReceiveAsync(2, cloud.Options.VisibilityTimeout);
        Assert.Equal(2, last.Count);
        await Task.WhenAll(
            Task.Run(() => cloud.HandleAsync(cloud.Workflow.Items, last[0])),
            Task.Run(() => cloud.HandleAsync(second.Items, last[1])));

        var control = cloud.ControlQueue.Bodies();
        Assert.Single(control, b => b.Contains("\"summarize\"", StringComparison.Ordinal));
        var run = await cloud.RunAsync("race");
        Assert.Equal((RunStatus.Summarizing, 4, 4), (run.Status, run.Total, run.Done));
        await cloud.PumpAllAsync();
        Assert.Equal(RunStatus.Completed, (await cloud.RunAsync("race")).Status);
    }

    [Fact]
    public async Task Cancel_StopsTheRemainingItems()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "cancel");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        await cloud.PumpOnceAsync(cloud.Workflow.Items, max: 1);

        var canceled = await cloud.Workflow.Runs.CancelAsync("cancel");
        Assert.Equal(RunStatus.Canceled, canceled!.Status);
        await cloud.PumpAllAsync();

        var run = await cloud.RunAsync("cancel");
        Assert.Equal(RunStatus.Canceled, run.Status);
        Assert.Equal(1, cloud.ResultCount("cancel"));
        Assert.Null(await cloud.Workflow.Runs.ReadReportAsync("cancel", "results.csv"));
        Assert.Equal(RunStatus.Canceled, (await cloud.Workflow.Runs.CancelAsync("cancel"))!.Status);
        Assert.Null(await cloud.Workflow.Runs.CancelAsync("unknown"));
    }

    [Fact]
    public async Task ModelReplacedAfterPlanning_FailsTheItemsWithAClearError()
    {
        using var cloud = new CloudHarness();
        await cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "changed");
        await cloud.PumpOnceAsync(cloud.Workflow.Control);
        cloud.Blobs.Upload(CloudHarness.ConvnetBlob, SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx"));

        using var other = cloud.NewWorkflow();
        while (await cloud.PumpOnceAsync(other.Items) > 0)
        {
        }

        var items = await cloud.Store.ListItemsAsync("changed");
        Assert.All(items, i => Assert.Contains("inputs changed after planning", i.Value.Error));
        var run = await cloud.RunAsync("changed");
        Assert.Equal((RunStatus.Summarizing, 0, 3), (run.Status, run.Done, run.Failed));
    }

    [Fact]
    public async Task SuiteBlob_IsStagedAndRun()
    {
        using var cloud = new CloudHarness();
        var spec = CloudHarness.Spec() with { Suite = "suites/mine.json" };
        await cloud.Blobs.WriteAsync("suites/mine.json", "{\"analyses\":[{\"name\":\"clean\"}]}"u8.ToArray());
        await cloud.Workflow.Runs.StartAsync(spec, "http", "suite-blob");
        await cloud.PumpAllAsync();
        var run = await cloud.RunAsync("suite-blob");
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    private sealed class ThrowingRunner(string modelName) : IWorkItemRunner, IDisposable
    {
        private readonly WorkItemExecutorPool _inner = new(CloudHarness.Settings);

        public ItemResult Execute(PreparedRun run, WorkItem item, CancellationToken cancellationToken) =>
            run.Models[item.ModelIndex].Name == modelName
                ? throw new InvalidOperationException("corrupt model")
                : _inner.Execute(run, item, cancellationToken);

        public void Dispose() => _inner.Dispose();
    }
}
