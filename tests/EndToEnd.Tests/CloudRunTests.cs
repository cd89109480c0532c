using System.Text;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.EndToEnd.Tests;

/// <summary>
/// Cloud runs on Azurite with real worker processes: an uploaded dataset with its marker starts one
/// run, the work fans out over two workers and fans back in, and the results equal a local
/// `cloudfreq evaluate` of the same spec row for row; the dataset goes up as tar shards (the default).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloudRunTests(AzuriteFixture azurite)
{
    // 500 CIFAR-10 test images (50 per class), clean + frequency-sweep, 50 images per item: 20 work items.
    private const string Suite = "frequency";
    private const int ItemSize = 50;
    private const int ImagesPerClass = 50;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task UploadWithMarker_TwoWorkers_EqualsLocalEvaluate_AndTheMarkerStartsOneRun()
    {
        using var harness = new CloudHarness(azurite, AzuriteFixture.UniqueName("cifar"), ImagesPerClass);
        harness.StartWorker();
        harness.StartWorker();
        await harness.UploadAsync(Suite, ItemSize);

        // The 500 JPEGs went up as one shard and its manifest, not as 500 blobs.
        var prefix = $"{CloudNames.DatasetsContainer}/{harness.DatasetName}/";
        Assert.Equal(
            [prefix + "run.json", prefix + "shard-000000.tar", prefix + "shards.json"],
            await harness.Blobs.ListAsync(prefix));

        var run = await harness.WaitForEndAsync(RunTimeout);
        Assert.True(run.Status == RunStatus.Completed, $"{run}\n{harness.WorkerLogs()}");
        Assert.Equal((20, 20, 0), (run.Total, run.Done, run.Failed));
        var cloud = await harness.CloudResultsAsync(run.RunId);
        var local = await harness.LocalResultsAsync(Suite, ItemSize);
        AssertSameRows(local, cloud);

        // Both workers computed items (the fan-out really fanned out).
        Assert.All(harness.Workers, w => Assert.Contains(" images in ", w.Output, StringComparison.Ordinal));
        var computed = harness.Workers.SelectMany(w => System.Text.RegularExpressions.Regex.Matches(w.Output, @"Item (\S+): \d+ images in ").Select(m => m.Groups[1].Value));
        Assert.Equal(20, computed.Distinct().Count()); // every item computed (some possibly twice: activities are at least once)

        // Uploading again rewrites the marker; the poller sees it again, yet no second run starts.
        await harness.UploadAsync(Suite, ItemSize);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await harness.CountRunsAsync());
    }

    internal static void AssertSameRows(string local, string cloud)
    {
        var expected = local.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var actual = cloud.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(expected.Length > 50, $"only {expected.Length} local rows");
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"row {i} differs:\n local: {expected[i]}\n cloud: {actual[i]}");
        }
    }

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    internal static int CountLines(string output, string fragment) =>
        output.Split('\n').Count(line => line.Contains(fragment, StringComparison.Ordinal));
}
