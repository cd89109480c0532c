using System.Text;
using System.Text.Json;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.EndToEnd.Tests;

/// <summary>
/// Faults during cloud runs on Azurite with real worker processes: workers killed with SIGKILL at
/// random points, a poison item, the storage emulator restarted mid-run. Each run still ends
/// exactly once, and with the numbers of a clean run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FaultTests(AzuriteFixture azurite)
{
    private const string Suite = "frequency";
    private const int ItemSize = 50;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task WorkersKilledAtRandomPoints_RunCompletesWithTheNumbersOfACleanRun()
    {
        using var harness = new CloudHarness(azurite, AzuriteFixture.UniqueName("kill"), 50);
        harness.StartWorker();
        harness.StartWorker();
        await harness.UploadAsync(Suite, ItemSize);

        // Kills are paced by progress, not by the clock: a sharded dataset stages in a fraction of a
        // second and the whole run takes seconds, so kills on a timer could all come after its end.
        var random = new Random(20261124);
        var kills = 0;
        var orphans = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var recovered = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        void CheckRecoveries()
        {
            foreach (var (item, killedAt) in orphans.Where(o => !recovered.ContainsKey(o.Key)).ToList())
            {
                if (harness.Workers.Any(w => w.Output.Contains($"Item {item}: ", StringComparison.Ordinal)
                    && CloudRunTests.CountLines(w.Output, $"Item {item}: ") > CloudRunTests.CountLines(w.Output, $"Item {item}: computing.")))
                {
                    recovered[item] = DateTime.UtcNow - killedAt;
                }
            }
        }

        var nextKillAtDone = random.Next(0, 3);
        var run = await harness.WaitForEndAsync(RunTimeout, current =>
        {
            if (kills < 3 && current is { Status: RunStatus.Running } && current.Done >= nextKillAtDone)
            {
                // SIGKILL a random live worker and start a replacement: its leases are simply lost.
                var live = harness.Workers.Where(w => !w.HasExited).ToList();
                var victim = live[random.Next(live.Count)];
                victim.Kill();
                foreach (var item in InFlight(victim.Output))
                {
                    orphans.TryAdd(item, DateTime.UtcNow);
                }

                harness.StartWorker();
                kills++;
                nextKillAtDone = current.Done + 1 + random.Next(0, 3);
            }

            CheckRecoveries();
            return Task.CompletedTask;
        });

        Assert.True(kills >= 3, $"the run ended after only {kills} kills: {run}");

        // An item whose host died is not parked: with 10 s work-item visibility (renewed while a host
        // computes) it is computed again on another host within seconds, never after minutes.
        CheckRecoveries();
        Assert.True(orphans.Count >= 1, "no kill caught a host in the middle of an item");
        foreach (var (item, _) in orphans)
        {
            Assert.True(recovered.TryGetValue(item, out var after), $"item {item} of a killed host never ran again\n{harness.WorkerLogs()}");
            Assert.True(after < TimeSpan.FromSeconds(60), $"item {item} ran again only {after} after its host was killed");
        }
        Assert.True(run.Status == RunStatus.Completed, $"{run}\n{harness.WorkerLogs()}");
        Assert.Equal((20, 20, 0), (run.Total, run.Done, run.Failed));
        CloudRunTests.AssertSameRows(await harness.LocalResultsAsync(Suite, ItemSize), await harness.CloudResultsAsync(run.RunId));
    }

    /// <summary>Items a host logged as started but not as finished: what it was computing when it died.</summary>
    private static IEnumerable<string> InFlight(string output)
    {
        var started = System.Text.RegularExpressions.Regex.Matches(output, @"Item (\S+): computing\.").Select(m => m.Groups[1].Value);
        return started.Where(item => !output.Contains($"Item {item}: ", StringComparison.Ordinal)
            || CloudRunTests.CountLines(output, $"Item {item}: ") <= CloudRunTests.CountLines(output, $"Item {item}: computing.")).Distinct().ToList();
    }

    [Fact]
    public async Task PoisonImage_InAStrictRun_IsAttemptedOnce_EndsAsAReportedFailure_AndTheRunCompletes()
    {
        using var harness = new CloudHarness(azurite, AzuriteFixture.UniqueName("poison"), 10);
        File.WriteAllBytes(Path.Combine(harness.DatasetDir, "airplane", "0003.jpg"), Encoding.ASCII.GetBytes("not a jpeg"));

        // The dataset and model go up as plain blobs; the marker asks for a strict run (an unreadable image is fatal).
        await harness.UploadBlobsAsync();
        var marker = JsonSerializer.SerializeToUtf8Bytes(new
        {
            models = new[] { new { path = $"models/{CloudHarness.Model}.onnx" } },
            suite = "clean",
            itemSize = 20,
            strict = true,
        });
        await harness.Blobs.WriteAsync(harness.Marker, marker);
        harness.StartWorker();
        harness.StartWorker();

        var run = await harness.WaitForEndAsync(RunTimeout);
        Assert.True(run.Status == RunStatus.Completed, $"{run}\n{harness.WorkerLogs()}");
        Assert.Equal((5, 4, 1), (run.Total, run.Done, run.Failed));
        var errors = await harness.Blobs.ListAsync($"{CloudNames.ResultsContainer}/{run.RunId}/errors/");
        var errorBlob = Assert.Single(errors);
        var itemId = Path.GetFileNameWithoutExtension(errorBlob);
        Assert.Contains("0003.jpg", Encoding.UTF8.GetString((await harness.Blobs.ReadAsync(errorBlob))!), StringComparison.Ordinal);

        var report = Encoding.UTF8.GetString((await harness.Blobs.ReadAsync($"{CloudNames.ReportsPrefix(run.RunId)}report.json"))!);
        Assert.Contains(itemId, report, StringComparison.Ordinal);
        Assert.Contains("0003.jpg", report, StringComparison.Ordinal);

        // A permanent error is never retried: across both hosts the item was attempted exactly once.
        Assert.Equal(1, harness.Workers.Sum(w => CloudRunTests.CountLines(w.Output, $"Item {itemId}: failed for good")));
    }

    [Fact]
    public async Task AzuriteRestartedMidRun_WorkersRetry_AndTheRunCompletesWithTheSameNumbers()
    {
        if (azurite.IsExternal)
        {
            return; // an external storage account cannot be restarted by the test
        }

        using var harness = new CloudHarness(azurite, AzuriteFixture.UniqueName("restart"), 50);
        harness.StartWorker();
        harness.StartWorker();
        await harness.UploadAsync(Suite, ItemSize);

        var restarted = false;
        var run = await harness.WaitForEndAsync(RunTimeout, async current =>
        {
            if (!restarted && current is { Status: RunStatus.Running, Done: >= 1 })
            {
                await azurite.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));
                await azurite.StartAsync();
                restarted = true;
            }
        });

        Assert.True(restarted, $"the run ended before the restart: {run}");
        Assert.True(run.Status == RunStatus.Completed, $"{run}\n{harness.WorkerLogs()}");
        Assert.Equal((20, 20, 0), (run.Total, run.Done, run.Failed));
        Assert.All(harness.Workers, w => Assert.False(w.HasExited, "a worker died on the storage outage:\n" + w.Output));
        CloudRunTests.AssertSameRows(await harness.LocalResultsAsync(Suite, ItemSize), await harness.CloudResultsAsync(run.RunId));
    }
}
