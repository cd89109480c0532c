using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Cloud.Fakes;
using CloudFreq.Orchestrations.Tests.Runs;
using CloudFreq.Orchestrations.Tests.Workflow;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Tests.Cloud;

/// <summary>
/// A dataset uploaded as many small shards (manifest version 2): workers plan from the manifest alone
/// and download only the shards of the items they run, and the run's rows equal a local run of the folder.
/// </summary>
public sealed class ShardedCloudRunTests : IDisposable
{
    private const string Name = "cifsh";
    private const string ModelBlob = "models/cifar10/cifar10_small.onnx";
    private readonly WorkflowHarness cloud = new();

    public ShardedCloudRunTests()
    {
        Plain = Path.Combine(cloud.Root, "plain", Name);
        foreach (var classDir in Directory.GetDirectories(SharedData.Path("data", "cifar10-test")).Order(StringComparer.Ordinal))
        {
            var target = Directory.CreateDirectory(Path.Combine(Plain, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.GetFiles(classDir, "*.jpg").Order(StringComparer.Ordinal).Take(12))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        // About 20 KB per shard: 120 JPEGs of about 1 KB give several shards, so items cross shard boundaries.
        Sharded = Path.Combine(cloud.Root, "sharded", Name);
        Manifest = ShardWriter.Write(Plain, new DatasetOptions(), Sharded, new ShardWriterOptions { MaxShardBytes = 20_000 });
        foreach (var file in Directory.GetFiles(Sharded))
        {
            cloud.Blobs.Upload($"datasets/{Name}/{Path.GetFileName(file)}", file);
        }

        cloud.Blobs.Upload(ModelBlob, SharedData.Path("models", "cifar10", "cifar10_small.onnx"));
    }

    private string Plain { get; }

    private string Sharded { get; }

    private ShardManifest Manifest { get; }

    public void Dispose() => cloud.Dispose();

    [Fact]
    public async Task Run_WorkerThatRanOneItem_DownloadedOnlyThatItemsShards_AndRowsEqualTheLocalRun()
    {
        Assert.True(Manifest.Shards.Count >= 5, $"{Manifest.Shards.Count} shards");
        var counting = new CountingBlobStore(cloud.Blobs);
        await cloud.Services.Blobs.TryCreateSpecAsync(new StoredRunSpec("sharded", "http", DateTimeOffset.UtcNow, Spec()), default);
        var outline = await new PrepareRunActivity(cloud.Services).RunAsync(null!, "sharded");

        // Another worker process (its own cache, reading through the counting store) runs one item.
        var cache = Path.Combine(cloud.Root, "cache-worker");
        using var leases = new PreparedRunLeases(
            new RunInputStager(counting, cache),
            new RunPreparer(new DatasetOpener(Path.Combine(cache, "gzip")), new Core.Models.ModelCardResolver(), new AnalysisCatalog(), new Core.Scoring.SessionFactory(WorkflowHarness.Settings.Scoring)),
            new RunPlanner());
        var worker = cloud.Services with { Blobs = new RunBlobs(counting), PreparedRuns = leases, Shards = new ItemShardStager(counting) };
        var outcome = await new ComputeItemActivity(worker).RunAsync(null!, new ItemInput("sharded", outline.Fingerprint, 1));
        Assert.False(outcome.Failed);

        var plan = (await cloud.Services.Blobs.ReadPlanAsync("sharded", default))!;
        var itemId = plan.ItemIds[1];
        Assert.NotNull(await cloud.Blobs.ReadAsync(CloudNames.ItemResultBlob("sharded", itemId)));
        using var lease = await cloud.Services.LeaseAsync("sharded", default);
        var item = lease.Run.Find(itemId)!;
        Assert.True(item.Count > 1 && item.Count < Manifest.Samples);
        var owner = Manifest.Shards.SelectMany(s => s.Images!.Select(_ => s.File)).ToList();
        var expected = item.Item.Indices(Manifest.Samples).Select(i => $"datasets/{Name}/{owner[i]}").Distinct().Order(StringComparer.Ordinal);
        var tarReads = counting.Reads.Where(r => r.Name.EndsWith(".tar", StringComparison.Ordinal)).Select(r => r.Name).ToList();
        Assert.Equal(expected, tarReads); // each needed shard once, no other shard
        Assert.True(tarReads.Count < Manifest.Shards.Count);
        Assert.Single(counting.Reads, r => r.Name == $"datasets/{Name}/{ShardManifest.FileName}");

        // The rest of the run on the first worker; the rows are the local run's of the plain folder.
        await cloud.Runs.StartAsync(Spec(), "http", "sharded");
        Assert.Equal(RunStatus.Completed, (await cloud.WaitAsync("sharded")).Status);
        using var local = new RunHarness(WorkflowHarness.Settings);
        await local.RunAsync(RunHarness.Spec(Plain, itemSize: 25, models: SharedData.Path("models", "cifar10", "cifar10_small.onnx")));
        var cloudCsv = await cloud.ReportTextAsync("sharded", "results.csv");
        Assert.Equal(File.ReadAllText(Path.Combine(local.OutDir, "results.csv")), cloudCsv);
        Assert.Contains($"{Name},cifar10_small,clean,,accuracy,", cloudCsv);
    }

    [Fact]
    public async Task Plan_StagesTheManifestButNoShard()
    {
        var counting = new CountingBlobStore(cloud.Blobs);
        var stager = new RunInputStager(counting, Path.Combine(cloud.Root, "cache-plan"));

        var staged = await stager.StageAsync(Spec());

        var folder = staged.LocalSpec.Datasets[0].Path;
        Assert.True(File.Exists(Path.Combine(folder, ShardManifest.FileName)));
        Assert.Empty(Directory.GetFiles(folder, "*.tar"));
        Assert.DoesNotContain(counting.Reads, r => r.Name.EndsWith(".tar", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_ManifestOnly_SameFingerprintAndItemsAsWithEveryShardPresent()
    {
        using var local = new RunHarness(WorkflowHarness.Settings);
        var spec = RunHarness.Spec(Sharded, itemSize: 25, models: SharedData.Path("models", "cifar10", "cifar10_small.onnx")) with { Suite = "paper" };
        using var full = local.Prepare(spec);
        var fullItems = new RunPlanner().Plan(full);
        foreach (var tar in Directory.GetFiles(Sharded, "*.tar"))
        {
            File.Delete(tar);
        }

        using var manifestOnly = local.Prepare(spec);
        var manifestItems = new RunPlanner().Plan(manifestOnly);

        Assert.Equal(full.Fingerprint, manifestOnly.Fingerprint);
        Assert.Equal(fullItems.Count, manifestItems.Count);
        Assert.True(fullItems.Zip(manifestItems).All(p => p.First.Id == p.Second.Id && p.First.Item.Start == p.Second.Item.Start
            && p.First.Item.Count == p.Second.Item.Count && (p.First.Item.Pairs ?? []).SequenceEqual(p.Second.Item.Pairs ?? [])));
        Assert.Contains(manifestItems, i => i.Item.Pairs is { Count: > 0 });

        // Ids the plain folder's plan has too.
        using var plain = local.Prepare(spec with { Datasets = [spec.Datasets[0] with { Path = Plain }] });
        Assert.Equal(new RunPlanner().Plan(plain).Select(i => i.Id), manifestItems.Select(i => i.Id));
    }

    private static RunSpec Spec() => new()
    {
        Datasets = [new DatasetSpec { Path = $"datasets/{Name}" }],
        Models = [new ModelSpec { Path = ModelBlob }],
        ItemSize = 25,
    };
}
