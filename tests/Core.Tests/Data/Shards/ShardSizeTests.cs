using System.Formats.Tar;
using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data.Shards;

/// <summary>The shard size limit holds and no sample is ever split across shards.</summary>
public sealed class ShardSizeTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Write_SizeLimit_EveryShardWithinItAndEverySampleWhole()
    {
        // Noise PNGs of varied sizes (about 1 to 30 KB): incompressible, so shards fill unevenly.
        var random = new Random(3);
        for (var i = 0; i < 60; i++)
        {
            WriteNoisePng(folder.Path("data", $"c{i % 3}", $"{i:D3}.png"), 8 + random.Next(80), random);
        }

        const long Limit = 60_000;
        var manifest = ShardWriter.Write(folder.Path("data"), new DatasetOptions(), folder.Path("out"), new ShardWriterOptions { MaxShardBytes = Limit });

        Assert.True(manifest.Shards.Count >= 5, $"{manifest.Shards.Count} shards");
        var ids = new List<string>();
        foreach (var shard in manifest.Shards)
        {
            var path = folder.Path("out", shard.File);
            Assert.True(new FileInfo(path).Length <= Limit, $"{shard.File}: {new FileInfo(path).Length} bytes");
            Assert.Equal(new FileInfo(path).Length, shard.Bytes);
            var samples = ReadSamples(path);
            Assert.Equal(shard.Samples, samples.Count);
            Assert.All(samples, s => Assert.Equal(2, s.Members.Count)); // image and cls: the id is in the manifest
            Assert.Equal(shard.Samples, shard.Images!.Count);
            ids.AddRange(shard.Images.Select(i => i.Id));
        }

        // In order, none missing, none repeated: the folder's own listing.
        using var plain = new DatasetOpener().Open(folder.Path("data"), new DatasetOptions());
        Assert.Equal(plain.Entries.Select(e => e.Id), ids);
    }

    [Fact]
    public void Write_SampleLargerThanTheLimit_GetsAShardOfItsOwn()
    {
        var random = new Random(5);
        WriteNoisePng(folder.Path("data", "a", "1.png"), 8, random);
        WriteNoisePng(folder.Path("data", "a", "2.png"), 200, random); // about 160 KB
        WriteNoisePng(folder.Path("data", "a", "3.png"), 8, random);

        var manifest = ShardWriter.Write(folder.Path("data"), new DatasetOptions(), folder.Path("out"), new ShardWriterOptions { MaxShardBytes = 20_000 });

        Assert.Equal([1, 1, 1], manifest.Shards.Select(s => s.Samples));
        Assert.True(manifest.Shards[1].Bytes > 20_000);
        using var shards = new DatasetOpener().Open(folder.Path("out"), new DatasetOptions());
        Assert.Equal(["a/1.png", "a/2.png", "a/3.png"], shards.Entries.Select(e => e.Id));
    }

    // The samples of a tar read independently of CloudFreq's indexer: runs of members sharing a key.
    private static List<(string Key, List<string> Members)> ReadSamples(string path)
    {
        var samples = new List<(string Key, List<string> Members)>();
        using var reader = new TarReader(File.OpenRead(path));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var name = entry.Name;
            var key = name[..name.IndexOf('.', StringComparison.Ordinal)];
            if (samples.Count == 0 || samples[^1].Key != key)
            {
                Assert.DoesNotContain(samples, s => s.Key == key);
                samples.Add((key, []));
            }

            samples[^1].Members.Add(name);
        }

        return samples;
    }

    private static void WriteNoisePng(string path, int size, Random random)
    {
        using var bitmap = new SKBitmap(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
