using System.Formats.Tar;
using System.Security.Cryptography;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;

namespace CloudFreq.Core.Tests.Data.Shards;

/// <summary>
/// Version 2 manifests: they list every image's id, label and byte range, so the dataset opens without
/// any tar, and a set of images maps to exactly the shards holding them.
/// </summary>
public sealed class ShardManifestV2Tests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public ShardManifestV2Tests()
    {
        ShardFixtures.CopyCifarJpegs(Source, perClass: 6);

        // About 20 KB per shard: 60 JPEGs of about 1 KB make several shards.
        Manifest = ShardWriter.Write(Source, new DatasetOptions(), Sharded, new ShardWriterOptions { MaxShardBytes = 20_000 });
    }

    private string Source => folder.Path("plain", "cifar");

    private string Sharded => folder.Path("sharded", "cifar");

    private ShardManifest Manifest { get; }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Write_Version2_ManifestRoundTripsAndItsRangesAreTheTarMembers()
    {
        Assert.Equal(2, Manifest.Version);
        Assert.True(Manifest.Shards.Count >= 3, $"{Manifest.Shards.Count} shards");

        var read = ShardManifest.Read(Path.Combine(Sharded, ShardManifest.FileName));

        Assert.Equal(Manifest with { ClassNames = [], Shards = [] }, read with { ClassNames = [], Shards = [] });
        Assert.Equal(Manifest.ClassNames, read.ClassNames);
        Assert.Equal(new ImageSize(32, 32), read.FirstImageSize);
        for (var s = 0; s < Manifest.Shards.Count; s++)
        {
            var (written, parsed) = (Manifest.Shards[s], read.Shards[s]);
            Assert.Equal(written with { Images = null }, parsed with { Images = null });
            Assert.Equal(written.Images, parsed.Images);
            var path = Path.Combine(Sharded, parsed.File);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), parsed.Sha256);

            // Independently of CloudFreq: every image member's data range and extension, and no id members.
            using var tar = new TarReader(File.OpenRead(path));
            var members = new List<(string Name, long Offset, long Length)>();
            while (tar.GetNextEntry() is { } entry)
            {
                members.Add((entry.Name, entry.DataOffset, entry.Length));
            }

            Assert.DoesNotContain(members, m => m.Name.EndsWith(".id.txt", StringComparison.Ordinal));
            var images = members.Where(m => !m.Name.EndsWith(".cls", StringComparison.Ordinal)).ToList();
            Assert.Equal(images.Select(m => (m.Offset, m.Length, m.Name[(m.Name.IndexOf('.', StringComparison.Ordinal) + 1)..])), parsed.Images!.Select(i => (i.Offset, i.Length, i.Extension)));
        }

        using var plain = opener.Open(Source, new DatasetOptions());
        Assert.Equal(plain.Entries, read.Shards.SelectMany(s => s.Images!).Select(i => new DatasetEntry(i.Id, i.Label)));
    }

    [Fact]
    public void Open_Version2WithNoTarPresent_ListsExactlyWhatTheFolderAndTheFullShardsList()
    {
        using var plain = opener.Open(Source, new DatasetOptions { Resize = 40, Crop = null });
        using var full = opener.Open(Sharded, new DatasetOptions { Resize = 40 });
        DeleteTars();

        using var manifestOnly = opener.Open(Sharded, new DatasetOptions { Resize = 40 });

        foreach (var dataset in new[] { full, manifestOnly })
        {
            Assert.Equal(plain.Entries, dataset.Entries);
            Assert.Equal(plain.ClassNames, dataset.ClassNames);
            Assert.Equal(plain.Shape, dataset.Shape);
            Assert.Equal(plain.IgnoredFiles, dataset.IgnoredFiles);
            Assert.Equal(plain.Name, dataset.Name);
        }
    }

    [Fact]
    public void Load_ImageWhoseShardIsAbsent_FailsNamingTheShard()
    {
        var missing = Manifest.Shards[1];
        File.Delete(Path.Combine(Sharded, missing.File));
        using var dataset = opener.Open(Sharded, new DatasetOptions());
        var pixels = new float[dataset.Shape.Length];
        var inMissing = IndexOfFirstImageIn(missing);

        dataset.Load(0, pixels); // an image of a shard that is here still reads
        var error = Assert.Throws<CloudFreqException>(() => dataset.Load(inMissing, pixels));

        Assert.Contains($"shard '{missing.File}' is not present", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing.Images![0].Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShardOfTheWrongSize_IsAnImageLoadErrorNamingTheShard()
    {
        var shard = Manifest.Shards[0];
        File.WriteAllBytes(Path.Combine(Sharded, shard.File), new byte[shard.Bytes - 512]);
        using var dataset = opener.Open(Sharded, new DatasetOptions());

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(0, new float[dataset.Shape.Length]));

        Assert.Contains($"shard '{shard.File}' holds {shard.Bytes - 512} bytes, but its manifest says {shard.Bytes} (truncated)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_RangeAcrossABoundary_ExactlyTheTwoShardsItTouches()
    {
        using var dataset = opener.Open(Sharded, new DatasetOptions());
        var boundary = Manifest.Shards[0].Samples;
        var item = new AnalysisItem("r", boundary - 2, 4);

        var shards = DatasetShards.Of(dataset, item.ImagesRead(dataset.Entries.Count, _ => throw new InvalidOperationException()));

        Assert.Equal([Manifest.Shards[0].File, Manifest.Shards[1].File], shards.Select(s => s.File));
        Assert.Equal(Expected(item.Indices(dataset.Entries.Count)), shards.Select(s => s.File));
    }

    [Fact]
    public void Shards_EvenlySpreadSubset_TheShardsOfItsImagesOnly()
    {
        using var dataset = opener.Open(Sharded, new DatasetOptions());
        var total = dataset.Entries.Count;
        var item = new AnalysisItem("s", 0, 2, SubsetSize: 3); // images 0 and total/3

        var shards = DatasetShards.Of(dataset, item.ImagesRead(total, _ => throw new InvalidOperationException()));

        Assert.Equal(Expected([0, total / 3]), shards.Select(s => s.File));
        Assert.True(shards.Count < Manifest.Shards.Count);
    }

    [Fact]
    public void Shards_HybridPairs_TheShardsOfBothImagesOfEveryPair()
    {
        using var dataset = opener.Open(Sharded, new DatasetOptions());
        var ids = dataset.Entries.Select(e => e.Id).ToList();
        var last = Manifest.Shards[^1];
        var pair = new ImagePair(ids[1], last.Images![0].Id);
        var item = new AnalysisItem("h1.0000000", 0, 1, [pair]);

        var shards = DatasetShards.Of(dataset, item.ImagesRead(ids.Count, ids.IndexOf));

        Assert.Equal([Manifest.Shards[0].File, last.File], shards.Select(s => s.File));
    }

    [Fact]
    public void Shards_PlainFolder_NoShards()
    {
        using var plain = opener.Open(Source, new DatasetOptions());

        Assert.Empty(DatasetShards.Of(plain, [0, 1, 2]));
    }

    [Fact]
    public void Open_Version1Manifest_StillIndexesTheTarsAndListsTheSame()
    {
        var v1 = folder.Path("v1", "cifar");
        var manifest = ShardWriter.Write(Source, new DatasetOptions(), v1, new ShardWriterOptions { MaxShardBytes = 20_000, ManifestVersion = 1 });

        using var plain = opener.Open(Source, new DatasetOptions());
        using var shards = opener.Open(v1, new DatasetOptions());

        Assert.Equal(1, manifest.Version);
        Assert.Null(manifest.Shards[0].Images);
        Assert.DoesNotContain("\"images\"", File.ReadAllText(Path.Combine(v1, ShardManifest.FileName)), StringComparison.Ordinal);
        Assert.Equal(plain.Entries, shards.Entries);
        Assert.Equal(plain.Shape, shards.Shape);
        Assert.Equal([manifest.Shards[0].File], DatasetShards.Of(shards, [0]).Select(s => s.File));
        File.Delete(Path.Combine(v1, manifest.Shards[0].File));
        Assert.StartsWith(Path.Combine(v1, manifest.Shards[0].File) + ": the shard is missing", Assert.Throws<CloudFreqException>(() => opener.Open(v1, new DatasetOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Version2_SmallerThanVersion1ByTheIdMembers()
    {
        var v1 = ShardWriter.Write(Source, new DatasetOptions(), folder.Path("v1"), new ShardWriterOptions { ManifestVersion = 1 });
        var v2 = ShardWriter.Write(Source, new DatasetOptions(), folder.Path("v2"));

        // One header block and one data block per sample.
        Assert.Equal(v1.Shards.Sum(s => s.Bytes) - (60 * 1024), v2.Shards.Sum(s => s.Bytes));
    }

    [Theory]
    [InlineData("\"offset\":", "\"offset\":99999999,\"x\":", "are not a range inside the shard")]
    [InlineData("\"sha256\":\"", "\"sha256\":\"XY", "sha256 '")]
    [InlineData("\"ext\":\"jpg\"", "\"ext\":\"j/g\"", "ext 'j/g' must be letters and digits")]
    [InlineData("\"id\":\"airplane/", "\"id\":\"../", "is not a relative path inside the dataset")]
    public void Open_BadVersion2Field_NamesTheManifestAndTheField(string find, string replace, string cause)
    {
        var path = Path.Combine(Sharded, ShardManifest.FileName);
        var json = File.ReadAllText(path);
        var at = json.IndexOf(find, StringComparison.Ordinal);
        File.WriteAllText(path, json[..at] + replace + json[(at + find.Length)..]);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(cause, StringComparison.Ordinal), error.Message);
    }

    private void DeleteTars()
    {
        foreach (var tar in Directory.GetFiles(Sharded, "*.tar"))
        {
            File.Delete(tar);
        }
    }

    private int IndexOfFirstImageIn(ShardFile shard) =>
        Manifest.Shards.TakeWhile(s => s.File != shard.File).Sum(s => s.Samples);

    // The shards of the given indices, from the manifest alone.
    private List<string> Expected(IEnumerable<int> indices)
    {
        var owner = Manifest.Shards.SelectMany(s => s.Images!.Select(_ => s.File)).ToList();
        return [.. indices.Select(i => owner[i]).Distinct().Order(StringComparer.Ordinal)];
    }
}
