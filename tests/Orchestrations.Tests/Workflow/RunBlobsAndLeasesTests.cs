using System.Text;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>Schema versions checked on every blob read; prepared runs released by reference count, never on a timer.</summary>
public sealed class RunBlobsAndLeasesTests
{
    [Fact]
    public async Task BlobsOfAnotherSchemaVersion_OrAnotherItem_AreRefused_NamingTheBlob()
    {
        using var cloud = new WorkflowHarness();
        var blobs = cloud.Services.Blobs;
        await cloud.Blobs.WriteAsync(CloudNames.PlanBlob("r"), Encoding.UTF8.GetBytes("""{ "schemaVersion": 7, "runId": "r", "fingerprint": "f", "itemIds": [], "groups": [] }"""));
        var plan = await Assert.ThrowsAsync<CloudFreqException>(() => blobs.ReadPlanAsync("r", default));
        Assert.Contains("results/r/plan.json", plan.Message);
        Assert.Contains("schema version 7", plan.Message);

        await cloud.Blobs.WriteAsync(CloudNames.ItemResultBlob("r", "a"), Encoding.UTF8.GetBytes("""{ "schemaVersion": 2, "itemId": "a" }"""));
        var result = await Assert.ThrowsAsync<CloudFreqException>(() => blobs.ReadResultAsync("r", "a", default));
        Assert.Contains("results/r/items/a.json", result.Message);

        await cloud.Blobs.WriteAsync(CloudNames.SpecBlob("r"), "{ not json"u8.ToArray());
        Assert.Contains("results/r/spec.json", (await Assert.ThrowsAsync<CloudFreqException>(() => blobs.ReadSpecAsync("r", default))).Message);

        await cloud.Blobs.WriteAsync(CloudNames.ItemErrorBlob("r", "b"), Encoding.UTF8.GetBytes("""{ "schemaVersion": 1, "itemId": "b", "error": "boom" }"""));
        Assert.Equal("boom", (await blobs.ReadErrorAsync("r", "b", default))!.Error);
        Assert.Null(await blobs.ReadErrorAsync("r", "c", default));
    }

    [Fact]
    public async Task EvictedRun_StaysOpenWhileLeased_AndIsReleasedWithItsLastLease()
    {
        using var cloud = new WorkflowHarness();
        var cache = Path.Combine(cloud.Root, "cache-leases");
        using var leases = new PreparedRunLeases(
            new RunInputStager(cloud.Blobs, cache),
            new RunPreparer(new Core.Data.DatasetOpener(Path.Combine(cache, "gzip")), new Core.Models.ModelCardResolver(), new AnalysisCatalog(), new Core.Scoring.SessionFactory(WorkflowHarness.Settings.Scoring)),
            new RunPlanner(),
            capacity: 1);
        Task<RunSpec> Spec(CancellationToken _) => Task.FromResult(WorkflowHarness.Spec());

        var a = await leases.AcquireAsync("a", Spec);
        var a2 = await leases.AcquireAsync("a", Spec);
        Assert.Same(a.Run, a2.Run);
        Assert.Equal(1, leases.Live);

        using (var b = await leases.AcquireAsync("b", Spec))
        {
            // "a" was evicted by "b" but is still leased: its dataset must stay readable.
            Assert.Equal(2, leases.Live);
            var item = a.Run.Items[0];
            using var pool = new WorkItemExecutorPool(WorkflowHarness.Settings);
            Assert.Equal(item.Count, pool.Execute(a.Run.Run, item, default).Timings.Images);
            a.Dispose();
            Assert.Equal(2, leases.Live);
            a2.Dispose();
            a2.Dispose();
            Assert.Equal(1, leases.Live);
        }

        Assert.Equal(1, leases.Live);
        // A failed preparation is not cached (it took "b"'s place in the cache, and "b", unleased, was released).
        await Assert.ThrowsAnyAsync<CloudFreqException>(() => leases.AcquireAsync("bad", _ => Task.FromResult(WorkflowHarness.Spec() with { Models = [new ModelSpec { Path = "models/absent.onnx" }] })));
        Assert.Equal(0, leases.Live);
        using var again = await leases.AcquireAsync("b", Spec);
        Assert.Equal(1, leases.Live);
    }
}
