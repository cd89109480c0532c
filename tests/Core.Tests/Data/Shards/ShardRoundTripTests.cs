using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data.Shards;

/// <summary>Folder -> shards -> dataset lists and decodes exactly what the folder does.</summary>
public sealed class ShardRoundTripTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Write_CifarJpegFolder_ShardsOpenWithTheSameIdsLabelsClassesAndPixels()
    {
        var source = folder.Path("plain", "cifar");
        ShardFixtures.CopyCifarJpegs(source, perClass: 30);
        var sharded = folder.Path("sharded", "cifar");

        // About 100 KB per shard: several shards for 300 images.
        var manifest = ShardWriter.Write(source, new DatasetOptions(), sharded, new ShardWriterOptions { MaxShardBytes = 100_000 });

        Assert.True(manifest.Shards.Count > 5, $"{manifest.Shards.Count} shards");
        using var plain = opener.Open(source, new DatasetOptions());
        using var shards = opener.Open(sharded, new DatasetOptions());
        Assert.Equal(DatasetFormat.ImageFolder, plain.Format);
        Assert.Equal(DatasetFormat.Shards, shards.Format);
        AssertSameDataset(plain, shards);
        Assert.Equal(1, shards.IgnoredFiles); // the source's manifest.csv, as the folder counts it
        Assert.Equal(plain.Name, shards.Name);
    }

    [Fact]
    public void Open_OffsetAndLimitOnShards_SameWindowAsTheFolder()
    {
        var source = folder.Path("plain", "cifar");
        ShardFixtures.CopyCifarJpegs(source, perClass: 5);
        var sharded = folder.Path("sharded", "cifar");
        ShardWriter.Write(source, new DatasetOptions(), sharded, new ShardWriterOptions { MaxShardBytes = 20_000 });
        var window = new DatasetOptions { Offset = 7, Limit = 23 };

        using var plain = opener.Open(source, window);
        using var shards = opener.Open(sharded, window);

        Assert.Equal(23, shards.Entries.Count);
        AssertSameDataset(plain, shards);
    }

    [Fact]
    public void Write_LabelsCsvWithOddFileNames_ShardsKeepIdsLabelsAndOrder()
    {
        var source = folder.Path("csv");
        Fixtures.WriteImage(folder.Path("csv", "imgs", "a.b.png"), 5, 4, SKEncodedImageFormat.Png, seed: 1);
        Fixtures.WriteImage(folder.Path("csv", "imgs", "a.b.jpg"), 5, 4, SKEncodedImageFormat.Jpeg, seed: 2);
        Fixtures.WriteImage(folder.Path("csv", "UPPER.PNG"), 5, 4, SKEncodedImageFormat.Png, seed: 3);
        Fixtures.WriteImage(folder.Path("csv", "noextension"), 5, 4, SKEncodedImageFormat.Png, seed: 4);
        Fixtures.WriteWebpLossless(folder.Path("csv", "w.webp"), 5, 4, seed: 5);
        Fixtures.WriteBmp(folder.Path("csv", "b.bmp"), 5, 4, seed: 6);
        File.WriteAllText(folder.Path("csv", "notes.txt"), "not listed");
        File.WriteAllText(
            folder.Path("csv", "labels.csv"),
            "file,label\nUPPER.PNG,dog\nimgs/a.b.png,cat\nnoextension,dog\nimgs/a.b.jpg,cat\nw.webp,bird\nb.bmp,cat\n");
        var sharded = folder.Path("sharded", "csv");

        ShardWriter.Write(source, new DatasetOptions(), sharded);

        using var plain = opener.Open(source, new DatasetOptions());
        using var shards = opener.Open(sharded, new DatasetOptions());
        Assert.Equal(DatasetFormat.LabelsCsv, plain.Format);
        Assert.Equal(["UPPER.PNG", "imgs/a.b.png", "noextension", "imgs/a.b.jpg", "w.webp", "b.bmp"], shards.Entries.Select(e => e.Id));
        Assert.Equal(["bird", "cat", "dog"], shards.ClassNames);
        AssertSameDataset(plain, shards);
        Assert.Equal(plain.IgnoredFiles, shards.IgnoredFiles);
    }

    [Fact]
    public void Write_ClassNamesOption_ShardsKeepTheGivenLabels()
    {
        Fixtures.WriteImage(folder.Path("data", "cat", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("data", "dog", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        var options = new DatasetOptions { ClassNames = ["dog", "bird", "cat"] };

        ShardWriter.Write(folder.Path("data"), options, folder.Path("sharded"));

        using var shards = opener.Open(folder.Path("sharded"), new DatasetOptions());
        Assert.Equal([new("dog/a.png", 0), new("cat/a.png", 2)], shards.Entries);
        Assert.Equal(["dog", "bird", "cat"], shards.ClassNames);
    }

    [Fact]
    public void Write_SameDatasetTwice_ByteIdenticalShards()
    {
        ShardFixtures.CopyCifarJpegs(folder.Path("plain"), perClass: 3);

        ShardWriter.Write(folder.Path("plain"), new DatasetOptions(), folder.Path("one"));
        ShardWriter.Write(folder.Path("plain"), new DatasetOptions(), folder.Path("two"));

        foreach (var file in Directory.GetFiles(folder.Path("one")).Select(Path.GetFileName))
        {
            Assert.Equal(File.ReadAllBytes(folder.Path("one", file!)), File.ReadAllBytes(folder.Path("two", file!)));
        }
    }

    [Fact]
    public void Open_HandMadeWebDatasetShardWithoutIds_TheImageMemberNameIsTheId()
    {
        var png = folder.Path("png.png");
        Fixtures.WriteImage(png, 3, 3, SKEncodedImageFormat.Png);
        var bytes = File.ReadAllBytes(png);
        var data = folder.Path("wds", "x");
        Directory.CreateDirectory(data);
        ShardFixtures.WriteTar(
            Path.Combine(data, "train-0.tar"),
            ("cats/001.png", bytes),
            ("cats/001.cls", ShardFixtures.Text("1\n")),
            ("dogs/002.cls", ShardFixtures.Text("0")),
            ("dogs/002.png", bytes));
        ShardFixtures.WriteManifest(data, ["dog", "cat"], ("train-0.tar", 2));

        using var shards = opener.Open(data, new DatasetOptions());

        Assert.Equal([new("cats/001.png", 1), new("dogs/002.png", 0)], shards.Entries);
        var pixels = new float[shards.Shape.Length];
        shards.Load(1, pixels);
        Assert.Contains(pixels, p => p > 0);
    }

    private static void AssertSameDataset(IImageDataset expected, IImageDataset actual)
    {
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.Shape, actual.Shape);
        var a = new float[expected.Shape.Length];
        var b = new float[actual.Shape.Length];
        for (var i = 0; i < expected.Entries.Count; i++)
        {
            expected.Load(i, a);
            actual.Load(i, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"pixels of {expected.Entries[i].Id} differ");
        }
    }
}
