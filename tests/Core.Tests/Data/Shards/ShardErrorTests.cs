using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data.Shards;

/// <summary>
/// Bad shards and manifests of version 1 (shards listed only, so every tar is indexed on opening) fail
/// when the dataset is opened, naming the file and the cause.
/// </summary>
public sealed class ShardErrorTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public ShardErrorTests()
    {
        for (var i = 0; i < 12; i++)
        {
            Fixtures.WriteImage(folder.Path("data", i % 2 == 0 ? "cat" : "dog", $"{i:D2}.png"), 6, 6, SKEncodedImageFormat.Png, seed: i);
        }

        Manifest = ShardWriter.Write(folder.Path("data"), new DatasetOptions(), Sharded, new ShardWriterOptions { MaxShardBytes = 12_000, ManifestVersion = 1 });
    }

    private string Sharded => folder.Path("sharded", "pets");

    private ShardManifest Manifest { get; }

    private string ManifestPath => Path.Combine(Sharded, "shards.json");

    private string FirstShard => Path.Combine(Sharded, Manifest.Shards[0].File);

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Open_TruncatedShard_NamesTheShardAndSaysTruncated()
    {
        Assert.True(Manifest.Shards.Count >= 2);
        Truncate(FirstShard, 3000);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.Contains(FirstShard, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3000)] // mid-member: a header names data beyond the end
    [InlineData(3300)] // the second sample's first header cut in half
    public void Open_TruncatedShardWithAManifestThatAgrees_TheIndexerStillNamesTheShard(int keep)
    {
        Truncate(FirstShard, keep);
        Rewrite(Manifest with { Shards = [Manifest.Shards[0] with { Bytes = keep }, .. Manifest.Shards.Skip(1)] });

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.Contains(FirstShard, error.Message, StringComparison.Ordinal);
        Assert.Matches("truncated|not a readable tar shard|holds [0-9]+ samples", error.Message);
    }

    [Fact]
    public void Open_ShardOfGarbage_NamesTheShardAsNotATar()
    {
        var garbage = new byte[Manifest.Shards[0].Bytes];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(FirstShard, garbage);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.Contains(FirstShard, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable tar shard", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ManifestSampleCountDisagreesWithTheShard_NamesBoth()
    {
        var first = Manifest.Shards[0];
        Rewrite(Manifest with { Samples = Manifest.Samples + 1, Shards = [first with { Samples = first.Samples + 1 }, .. Manifest.Shards.Skip(1)] });

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.Equal($"{FirstShard}: holds {first.Samples} samples, but {ManifestPath} says {first.Samples + 1}.", error.Message);
    }

    [Fact]
    public void Open_ManifestTotalDisagreesWithItsShards_NamesTheField()
    {
        Rewrite(Manifest with { Samples = 99 });

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.Equal($"{ManifestPath}: samples is 99 but the shards hold 12.", error.Message);
    }

    [Fact]
    public void Open_ShardNotInTheManifest_NamesIt()
    {
        File.Copy(FirstShard, Path.Combine(Sharded, "shard-000099.tar"));

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.StartsWith(Path.Combine(Sharded, "shard-000099.tar") + ": this shard is not listed in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingShard_NamesIt()
    {
        File.Delete(FirstShard);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.StartsWith(FirstShard + ": the shard is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "is not valid JSON")]
    [InlineData("""{"format":"cloudfreq-shards","version":3}""", "version is 3: written by a newer CloudFreq")]
    [InlineData("""{"format":"tar"}""", "format is 'tar', expected 'cloudfreq-shards'")]
    [InlineData("""{"format":"cloudfreq-shards","version":1,"classNames":["a"],"shards":[{"file":"../x.tar","samples":1,"bytes":1}]}""", "shards[0].file '../x.tar' must be a .tar file name")]
    [InlineData("""{"format":"cloudfreq-shards","version":1,"classNames":[],"shards":[]}""", "classNames is empty")]
    public void Open_BadManifest_NamesTheFileAndField(string json, string cause)
    {
        File.WriteAllText(ManifestPath, json);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(Sharded, new DatasetOptions()));

        Assert.StartsWith(ManifestPath + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("split", "the members of sample 'a' are not consecutive")]
    [InlineData("label", "sample 'a': the label '7' is not a class index below 2")]
    [InlineData("nolabel", "sample 'a' has no 'cls' member")]
    [InlineData("twoimages", "sample 'a' has two image members ('a.png' and 'a.jpg')")]
    [InlineData("escape", "sample 'a': the id '../a.png' is not a relative path inside the dataset")]
    public void Open_ShardBreakingTheSampleConvention_NamesTheShardAndTheSample(string fault, string cause)
    {
        var png = File.ReadAllBytes(folder.Path("data", "cat", "00.png"));
        var data = folder.Path("bad");
        Directory.CreateDirectory(data);
        var tar = Path.Combine(data, "s.tar");
        (string, byte[])[] members = fault switch
        {
            "split" => [("a.png", png), ("a.cls", ShardFixtures.Text("0")), ("b.png", png), ("b.cls", ShardFixtures.Text("0")), ("a.id.txt", ShardFixtures.Text("x.png"))],
            "label" => [("a.png", png), ("a.cls", ShardFixtures.Text("7"))],
            "nolabel" => [("a.png", png)],
            "twoimages" => [("a.png", png), ("a.jpg", png), ("a.cls", ShardFixtures.Text("1"))],
            _ => [("a.png", png), ("a.cls", ShardFixtures.Text("1")), ("a.id.txt", ShardFixtures.Text("../a.png"))],
        };
        ShardFixtures.WriteTar(tar, members);
        ShardFixtures.WriteManifest(data, ["cat", "dog"], ("s.tar", fault == "split" ? 2 : 1));

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(data, new DatasetOptions()));

        Assert.StartsWith(tar + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShardReplacedAfterOpening_IsAnImageLoadErrorNamingTheShard()
    {
        using var dataset = opener.Open(Sharded, new DatasetOptions());
        Truncate(FirstShard, 600);

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(0, new float[dataset.Shape.Length]));

        Assert.Equal("cat/00.png", error.ImageId);
        Assert.Contains(FirstShard, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CifarBinaryOrNonEmptyOutput_Refused()
    {
        var cifar = Assert.Throws<CloudFreqException>(() =>
            ShardWriter.Write(SharedData.Path("data", "cifar10-test-lossless"), new DatasetOptions(), folder.Path("cifar-out")));
        Assert.Contains("CifarBinary datasets cannot be sharded", cifar.Message, StringComparison.Ordinal);

        var again = Assert.Throws<CloudFreqException>(() => ShardWriter.Write(folder.Path("data"), new DatasetOptions(), Sharded));
        Assert.Contains("the output folder is not empty", again.Message, StringComparison.Ordinal);
    }

    private static void Truncate(string path, int keep)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(keep);
    }

    private void Rewrite(ShardManifest manifest) => File.WriteAllBytes(ManifestPath, ShardManifestJson.Serialize(manifest));
}
