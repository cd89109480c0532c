using System.Text;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Functions.Tests.Triggers;

/// <summary>The Event Grid blob trigger on upload markers: one run per marker, however often its event arrives.</summary>
public sealed class UploadTriggerTests
{
    private const string Marker = "datasets/mnist60/run.json";

    [Fact]
    public async Task MarkerEventDeliveredTwice_StartsOneRun_ThatCompletes()
    {
        using var app = new FunctionsHarness();
        var bytes = Encoding.UTF8.GetBytes("""{ "models": [ { "path": "models/mnist/Convnet_maxpool.onnx" } ], "itemSize": 30, "dataset": { "options": { "limit": 60 } } }""");
        await app.Cloud.Blobs.WriteAsync(Marker, bytes);

        var first = await app.Upload.RunAsync(bytes, "mnist60", app.Client, default);
        var second = await app.Upload.RunAsync(bytes, "mnist60", app.Client, default);

        Assert.Equal(RunIds.ForMarker(Marker, "mnist60"), first);
        Assert.Equal(first, second);
        Assert.Equal([(WorkflowNames.RunOrchestrator, first!)], app.Client.Starts);
        var run = await app.Cloud.WaitAsync(first!);
        Assert.Equal((RunStatus.Completed, 2, Marker), (run.Status, run.Total, run.Source));
    }

    [Fact]
    public async Task InvalidMarker_StartsARunThatFails_NamingTheField()
    {
        using var app = new FunctionsHarness();
        var bytes = Encoding.UTF8.GetBytes("""{ "models": [ { "path": "models/missing.onnx" } ] }""");
        await app.Cloud.Blobs.WriteAsync(Marker, bytes);

        var runId = await app.Upload.RunAsync(bytes, "mnist60", app.Client, default);
        var run = await app.Cloud.WaitAsync(runId!);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("models[0].path", run.Error);
    }
}
