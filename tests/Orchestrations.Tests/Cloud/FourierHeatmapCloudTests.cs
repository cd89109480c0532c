using System.Text;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Runs;

using CloudFreq.Orchestrations.Tests.Workflow;

namespace CloudFreq.Orchestrations.Tests.Cloud;

/// <summary>The Fourier heat map fanned out as blocks of basis images over the cloud workflow gives the local run's map.</summary>
public sealed class FourierHeatmapCloudTests
{
    [Fact]
    public async Task CloudRun_FansOutTheBlocks_AndGivesTheLocalRunsHeatMap()
    {
        using var cloud = new WorkflowHarness();
        await cloud.Blobs.WriteAsync("suites/fourier-small.json", Encoding.UTF8.GetBytes(FourierHeatmapRunTests.SmallSuite));
        var run = await cloud.RunAsync(WorkflowHarness.Spec(limit: 40, itemSize: 20) with { Suite = "suites/fourier-small.json" }, "fourier");
        Assert.Equal(RunStatus.Completed, run.Status);

        // clean: 2 items of 20 images; fourier-heatmap: 13 basis images in 4 blocks x 2 image ranges.
        Assert.Equal((2 + 8, 0), (run.Done, run.Failed));
        var suite = Path.Combine(cloud.Root, "fourier-small.json");
        await File.WriteAllTextAsync(suite, FourierHeatmapRunTests.SmallSuite);
        using var local = new RunHarness(WorkflowHarness.Settings);
        await local.RunAsync(RunHarness.Spec(cloud.LocalDataset, new DatasetOptions { Limit = 40 }, itemSize: 20, SharedData.Path("models", "mnist", "Convnet_maxpool.onnx")) with { Suite = suite });
        var localCsv = File.ReadAllText(Path.Combine(local.OutDir, "results.csv"));
        var cloudCsv = await cloud.ReportTextAsync("fourier", "results.csv");
        Assert.Equal(localCsv, cloudCsv);
        Assert.Equal(25, cloudCsv.Split('\n').Count(line => line.Contains(",fourier-heatmap,fy=", StringComparison.Ordinal)));
        Assert.Contains("figure-fourier-heatmap-mnist60-convnet-maxpool", await cloud.ReportTextAsync("fourier", "report.html"), StringComparison.Ordinal);
    }
}
