using System.Text;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Cloud;

public class TriggerAndValidationTests
{
    private const string Marker = "datasets/mnist60/run.json";

    [Fact]
    public async Task Marker_SeenTwiceAndRewritten_StartsOneRun_ThatCompletes()
    {
        using var cloud = new CloudHarness();
        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes(
            """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 30, "dataset": { "options": { "limit": 60 } } }"""));

        Assert.Equal([Marker], await cloud.Workflow.Poller.RunOnceAsync());
        Assert.Empty(await cloud.Workflow.Poller.RunOnceAsync());
        await cloud.Ports.Trigger.SendAsync(cloud.TriggerQueue.Bodies().Single());
        await cloud.PumpOnceAsync(cloud.Workflow.Trigger);

        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes(
            """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 20, "dataset": { "options": { "limit": 60 } } }"""));
        Assert.Equal([Marker], await cloud.Workflow.Poller.RunOnceAsync());
        await cloud.PumpAllAsync();

        var runs = (await cloud.Workflow.Runs.ListAsync(null, 10)).Runs;
        var run = Assert.Single(runs);
        Assert.StartsWith("upload-mnist60-", run.RunId);
        Assert.Equal(Marker, run.Source);
        Assert.Equal((RunStatus.Completed, 2), (run.Status, run.Total));
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", await cloud.ReportTextAsync(run.RunId, "results.csv"));
    }

    [Fact]
    public async Task InvalidMarker_BecomesAFailedRun_WithoutRetries()
    {
        using var cloud = new CloudHarness();
        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes("""{ "models": [ { "path": "models/missing.onnx" } ] }"""));
        await cloud.Workflow.Poller.RunOnceAsync();
        await cloud.PumpAllAsync();

        var run = Assert.Single((await cloud.Workflow.Runs.ListAsync(null, 10)).Runs);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("models[0].path", run.Error);
        Assert.Equal(0, await cloud.Ports.Control.ApproximateCountAsync());

        await cloud.Blobs.WriteAsync("datasets/other/run.json", "not json"u8.ToArray());
        await cloud.Workflow.Poller.RunOnceAsync();
        await cloud.PumpAllAsync();
        var other = (await cloud.Workflow.Runs.ListAsync(null, 10)).Runs.Single(r => r.Source == "datasets/other/run.json");
        Assert.Equal(RunStatus.Failed, other.Status);
        Assert.Contains("not valid JSON", other.Error);
    }

    [Theory]
    [InlineData("datasets/../x", "datasets[0].path")]
    [InlineData("models/mnist", "datasets[0].path")]
    [InlineData("/datasets/mnist60", "datasets[0].path")]
    [InlineData("datasets\\mnist60", "datasets[0].path")]
    [InlineData("datasets//mnist60", "datasets[0].path")]
    [InlineData("datasets/absent", "datasets[0].path")]
    public async Task InvalidDatasetName_NamesTheField(string path, string field)
    {
        using var cloud = new CloudHarness();
        var spec = CloudHarness.Spec() with { Datasets = [new DatasetSpec { Path = path }] };
        var error = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Workflow.Runs.StartAsync(spec, "http"));
        Assert.Equal(field, error.Field);
        Assert.Empty((await cloud.Workflow.Runs.ListAsync(null, 10)).Runs);
    }

    [Fact]
    public async Task MissingModel_UnknownSuite_BadCatalog_NameTheirFields()
    {
        using var cloud = new CloudHarness();
        var missing = await Assert.ThrowsAsync<RunSpecException>(() =>
            cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(60, 20, CloudHarness.ConvnetBlob, "models/absent.onnx"), "http"));
        Assert.Equal("models[1].path", missing.Field);

        var suite = await Assert.ThrowsAsync<RunSpecException>(() =>
            cloud.Workflow.Runs.StartAsync(CloudHarness.Spec() with { Suite = "everything" }, "http"));
        Assert.Equal("suite", suite.Field);
        Assert.Contains("clean", suite.Message);

        var suiteBlob = await Assert.ThrowsAsync<RunSpecException>(() =>
            cloud.Workflow.Runs.StartAsync(CloudHarness.Spec() with { Suite = "suites/absent.json" }, "http"));
        Assert.Equal("suite", suiteBlob.Field);

        var catalog = await Assert.ThrowsAsync<RunSpecException>(() =>
            cloud.Workflow.Runs.StartAsync(CloudHarness.Spec() with { Catalog = "models/../secret.json" }, "http"));
        Assert.Equal("catalog", catalog.Field);

        var runId = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(), "http", "a/b"));
        Assert.Equal("runId", runId.Field);

        var itemSize = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Workflow.Runs.StartAsync(CloudHarness.Spec(itemSize: 0), "http"));
        Assert.Equal("itemSize", itemSize.Field);
    }

    [Fact]
    public void BlobCreatedEvent_ReadsEventGridCloudEventsArraysAndBase64()
    {
        const string eventGrid = """
            { "topic": "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/acct",
              "subject": "/blobServices/default/containers/datasets/blobs/cifar500/run.json",
              "eventType": "Microsoft.Storage.BlobCreated", "id": "1", "eventTime": "2025-01-01T00:00:00Z",
              "data": { "api": "PutBlob", "url": "https://acct.blob.core.windows.net/datasets/cifar500/run.json" }, "dataVersion": "", "metadataVersion": "1" }
            """;
        const string cloudEvent = """
            { "specversion": "1.0", "type": "Microsoft.Storage.BlobCreated", "source": "/subscriptions/x/storageAccounts/acct",
              "id": "2", "time": "2025-01-01T00:00:00Z", "subject": "/blobServices/default/containers/datasets/blobs/cifar500/run.json",
              "data": { "url": "https://acct.blob.core.windows.net/datasets/cifar500/run.json" } }
            """;
        const string urlOnly = """{ "type": "Microsoft.Storage.BlobCreated", "data": { "url": "http://127.0.0.1:10000/devstoreaccount1/datasets/cifar500/run.json" } }""";

        Assert.Equal("datasets/cifar500/run.json", BlobCreatedEvent.Parse(eventGrid).Single().BlobName);
        Assert.Equal("datasets/cifar500/run.json", BlobCreatedEvent.Parse(cloudEvent).Single().BlobName);
        Assert.Equal("datasets/cifar500/run.json", BlobCreatedEvent.Parse(urlOnly).Single().BlobName);
        Assert.Equal(2, BlobCreatedEvent.Parse($"[{eventGrid},{cloudEvent}]").Count);
        Assert.Equal("datasets/cifar500/run.json", BlobCreatedEvent.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(eventGrid))).Single().BlobName);
        Assert.Empty(BlobCreatedEvent.Parse("""{ "eventType": "Microsoft.Storage.BlobDeleted", "subject": "/blobServices/default/containers/datasets/blobs/a/run.json" }"""));

        var local = new BlobCreatedEvent("datasets/a/run.json").ToJson(DateTimeOffset.UnixEpoch);
        Assert.Equal("datasets/a/run.json", BlobCreatedEvent.Parse(local).Single().BlobName);
        Assert.Contains("/blobServices/default/containers/datasets/blobs/a/run.json", local);
    }

    [Fact]
    public void Messages_RoundTrip()
    {
        Assert.Equal("""{"kind":"plan","runId":"r1"}""", ControlMessage.ForPlan("r1").ToJson());
        Assert.Equal(ControlMessage.ForSummarize("r1"), ControlMessage.Parse("""{"kind":"summarize","runId":"r1"}"""));
        Assert.Equal(new ItemMessage("r1", "clean.x"), ItemMessage.Parse("""{"runId":"r1","itemId":"clean.x"}"""));
        Assert.Throws<Core.CloudFreqException>(() => ControlMessage.Parse("""{"kind":"dance","runId":"r1"}"""));
    }

    [Fact]
    public void MarkerRunIds_AreDeterministicPerMarker()
    {
        Assert.Equal(RunIds.ForMarker("datasets/My Set/run.json", "My Set"), RunIds.ForMarker("datasets/My Set/run.json", "My Set"));
        Assert.NotEqual(RunIds.ForMarker("datasets/a/run.json", "a"), RunIds.ForMarker("datasets/b/run.json", "b"));
        Assert.True(RunIds.IsValid(RunIds.ForMarker("datasets/My Set/run.json", "My Set")));
        Assert.Null(TriggerHandler.DatasetOfMarker("datasets/run.json"));
        Assert.Null(TriggerHandler.DatasetOfMarker("models/a/run.json"));
        Assert.Equal("datasets/a", TriggerHandler.DatasetOfMarker("datasets/a/run.json"));
    }

    [Fact]
    public async Task Staging_TwoWorkersAtOnce_ShareOneCopy()
    {
        using var cloud = new CloudHarness();
        var stager = new RunInputStager(cloud.Blobs, cloud.Options.CacheDirectory);
        var staged = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => stager.StageAsync(CloudHarness.Spec()))));

        Assert.Single(staged.Select(s => s.LocalSpec.Datasets[0].Path).Distinct());
        Assert.Equal("mnist60", staged[0].LocalSpec.Datasets[0].Name);
        Assert.True(File.Exists(staged[0].LocalSpec.Models[0].Path));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(staged[0].LocalSpec.Models[0].Path))!, "models.json")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cloud.Options.CacheDirectory, "staging")));
        Assert.Equal(CloudHarness.ConvnetBlob, staged[0].CloudSpec.Models[0].Path);
    }
}
