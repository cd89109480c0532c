using System.Text;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>Upload markers, the run spec's validation, run ids and trigger events.</summary>
public sealed class WorkflowTriggerTests
{
    private const string Marker = "datasets/mnist60/run.json";

    [Fact]
    public async Task Marker_SeenTwiceAndRewritten_StartsOneRun_ThatCompletes()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes(
            """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 30, "dataset": { "options": { "limit": 60 } } }"""));

        Assert.Equal([Marker], await cloud.Poller.RunOnceAsync());
        Assert.Empty(await cloud.Poller.RunOnceAsync());
        var runId = await cloud.Trigger.StartAsync(Marker);
        Assert.NotNull(runId);

        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes(
            """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 20, "dataset": { "options": { "limit": 60 } } }"""));
        Assert.Equal([Marker], await cloud.Poller.RunOnceAsync());
        var run = await cloud.WaitAsync(runId!);

        var listed = Assert.Single((await cloud.Runs.ListAsync(null, 10)).Runs);
        Assert.Equal(runId, listed.RunId);
        Assert.StartsWith("upload-mnist60-", run.RunId);
        Assert.Equal(Marker, run.Source);
        Assert.Equal((RunStatus.Completed, 2), (run.Status, run.Total));
        Assert.Contains("mnist60,Convnet_maxpool,clean,,accuracy,", await cloud.ReportTextAsync(run.RunId, "results.csv"));
    }

    [Fact]
    public async Task InvalidMarker_BecomesAFailedRun_WithTheError()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes("""{ "models": [ { "path": "models/missing.onnx" } ] }"""));
        await cloud.Poller.RunOnceAsync();
        var runId = RunIds.ForMarker(Marker, "mnist60");
        var run = await cloud.WaitAsync(runId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("models[0].path", run.Error);

        await cloud.Blobs.WriteAsync("datasets/other/run.json", "not json"u8.ToArray());
        await cloud.Poller.RunOnceAsync();
        var other = await cloud.WaitAsync(RunIds.ForMarker("datasets/other/run.json", "other"));
        Assert.Equal(RunStatus.Failed, other.Status);
        Assert.Contains("not valid JSON", other.Error);
        Assert.Equal(2, (await cloud.Runs.ListAsync(null, 10)).Runs.Count);
    }

    public static TheoryData<string, string> StructurallyInvalidMarkers => new()
    {
        { """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 2000000 }""", "itemSize" },
        { "{ \"models\": [ " + string.Join(", ", Enumerable.Range(0, RunSpecValidator.MaxModels + 1).Select(i => $"{{ \"path\": \"models/m{i}.onnx\" }}")) + " ] }", "models" },
        { """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx", "card": { "std": [0] } } ] }""", "models[0].card.std" },
        { """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "dataset": { "options": { "limit": 0 } } }""", "datasets[0].options.limit" },
        { """{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "suite": "suites/../x.json" }""", "suite" },
    };

    // The marker path used to check only blob names and existence; it now runs the one structural
    // validator first, so an absurd spec is refused before its blobs are looked at, naming the field.
    [Theory]
    [MemberData(nameof(StructurallyInvalidMarkers))]
    public async Task StructurallyInvalidMarker_BecomesAFailedRun_NamingTheField(string marker, string field)
    {
        using var cloud = new WorkflowHarness();
        await cloud.Blobs.WriteAsync(Marker, Encoding.UTF8.GetBytes(marker));
        Assert.Equal([Marker], await cloud.Poller.RunOnceAsync());

        var run = await cloud.WaitAsync(RunIds.ForMarker(Marker, WorkflowHarness.DatasetName));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains($"{Marker}: {field}: ", run.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0), (run.Total, cloud.ResultCount(run.RunId)));
        Assert.Null(await new RunBlobs(cloud.Blobs).ReadSpecAsync(run.RunId, CancellationToken.None));
    }

    [Fact]
    public void StructurallyInvalidMarker_MessageSaysWhatIsWrong()
    {
        var spec = MarkerTrigger.ParseMarker("""{ "models": [ { "path": "models/a.onnx" } ], "itemSize": 2000000 }""", "datasets/mnist60");
        var error = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(spec));
        Assert.Equal("itemSize", error.Field);
        Assert.Equal($"itemSize: must be between 1 and {RunSpecValidator.MaxItemSize}, got 2000000.", error.Message);
    }

    [Theory]
    [InlineData(2_000_000, null, "itemSize")]
    [InlineData(20, 0f, "models[0].card.std")]
    public async Task HttpStart_StructurallyInvalidSpec_NamesTheField_BeforeStorage(int itemSize, float? std, string field)
    {
        using var cloud = new WorkflowHarness();
        var spec = WorkflowHarness.Spec(itemSize: itemSize);
        if (std is { } s)
        {
            spec = spec with { Models = [new ModelSpec { Path = WorkflowHarness.ConvnetBlob, Card = new ModelCardFields { Std = [s] } }] };
        }

        var error = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(spec, "http"));
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
        Assert.Empty((await cloud.Runs.ListAsync(null, 10)).Runs);
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
        using var cloud = new WorkflowHarness();
        var spec = WorkflowHarness.Spec() with { Datasets = [new DatasetSpec { Path = path }] };
        var error = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(spec, "http"));
        Assert.Equal(field, error.Field);
        Assert.Empty((await cloud.Runs.ListAsync(null, 10)).Runs);
    }

    [Fact]
    public async Task MissingModel_UnknownSuite_BadCatalog_BadRunId_NameTheirFields()
    {
        using var cloud = new WorkflowHarness();
        var missing = await Assert.ThrowsAsync<RunSpecException>(() =>
            cloud.Runs.StartAsync(WorkflowHarness.Spec(60, 20, WorkflowHarness.ConvnetBlob, "models/absent.onnx"), "http"));
        Assert.Equal("models[1].path", missing.Field);

        var suite = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec() with { Suite = "everything" }, "http"));
        Assert.Equal("suite", suite.Field);
        Assert.Contains("clean", suite.Message);

        var suiteBlob = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec() with { Suite = "suites/absent.json" }, "http"));
        Assert.Equal("suite", suiteBlob.Field);

        var catalog = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec() with { Catalog = "models/../secret.json" }, "http"));
        Assert.Equal("catalog", catalog.Field);

        var runId = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec(), "http", "a/b"));
        Assert.Equal("runId", runId.Field);
        var group = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec(), "http", "run:0"));
        Assert.Equal("runId", group.Field);

        var itemSize = await Assert.ThrowsAsync<RunSpecException>(() => cloud.Runs.StartAsync(WorkflowHarness.Spec(itemSize: 0), "http"));
        Assert.Equal("itemSize", itemSize.Field);
        Assert.Empty((await cloud.Runs.ListAsync(null, 10)).Runs);
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
    }

    [Fact]
    public void RunIds_OneRule_AndMarkerIdsAreDeterministic()
    {
        Assert.Equal(RunIds.ForMarker("datasets/My Set/run.json", "My Set"), RunIds.ForMarker("datasets/My Set/run.json", "My Set"));
        Assert.NotEqual(RunIds.ForMarker("datasets/a/run.json", "a"), RunIds.ForMarker("datasets/b/run.json", "b"));
        Assert.True(RunIds.IsValid(RunIds.ForMarker("datasets/My Set/run.json", "My Set")));
        Assert.True(RunIds.IsValid(RunIds.New(DateTimeOffset.UtcNow)));
        foreach (var bad in new[] { "", "a.b", "a:b", "a/b", ".x", new string('a', RunIds.MaxLength + 1) })
        {
            Assert.NotNull(RunIds.Problem(bad));
        }

        Assert.Null(RunIds.Problem(new string('a', RunIds.MaxLength)));
        Assert.Null(MarkerTrigger.DatasetOfMarker("datasets/run.json"));
        Assert.Null(MarkerTrigger.DatasetOfMarker("models/a/run.json"));
        Assert.Equal("datasets/a", MarkerTrigger.DatasetOfMarker("datasets/a/run.json"));
        Assert.False(WorkflowNames.IsGroupInstance(RunIds.New(DateTimeOffset.UtcNow)));
        Assert.True(WorkflowNames.IsGroupInstance(WorkflowNames.GroupInstanceId("r", 3)));
    }

    [Fact]
    public async Task Staging_TwoWorkersAtOnce_ShareOneCopy()
    {
        using var cloud = new WorkflowHarness();
        var cache = Path.Combine(cloud.Root, "cache-staging");
        var stager = new RunInputStager(cloud.Blobs, cache);
        var staged = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => stager.StageAsync(WorkflowHarness.Spec()))));

        Assert.Single(staged.Select(s => s.LocalSpec.Datasets[0].Path).Distinct());
        Assert.Equal("mnist60", staged[0].LocalSpec.Datasets[0].Name);
        Assert.True(File.Exists(staged[0].LocalSpec.Models[0].Path));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "staging")));
        Assert.Equal(WorkflowHarness.ConvnetBlob, staged[0].CloudSpec.Models[0].Path);
    }
}
