using System.Formats.Tar;
using System.Text;

namespace CloudFreq.Core.Tests.Data.Shards;

/// <summary>Source datasets to shard, and hand-made tar files for the reader's error paths.</summary>
internal static class ShardFixtures
{
    /// <summary>Copies the first <paramref name="perClass"/> CIFAR-10 test JPEGs of each class (and the root manifest.csv) to <paramref name="root"/>.</summary>
    public static void CopyCifarJpegs(string root, int perClass)
    {
        var source = SharedData.Path("data", "cifar10-test");
        foreach (var classDir in Directory.GetDirectories(source).Order(StringComparer.Ordinal))
        {
            var target = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.GetFiles(classDir, "*.jpg").Order(StringComparer.Ordinal).Take(perClass))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        File.Copy(Path.Combine(source, "manifest.csv"), Path.Combine(root, "manifest.csv"));
    }

    /// <summary>A tar of the given (name, text or bytes) members, in order.</summary>
    public static void WriteTar(string path, params (string Name, byte[] Data)[] members)
    {
        using var stream = File.Create(path);
        using var tar = new TarWriter(stream, TarEntryFormat.Ustar);
        foreach (var (name, data) in members)
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A manifest naming the given shards (sample counts and current sizes) and classes.</summary>
    public static void WriteManifest(string folder, IReadOnlyList<string> classNames, params (string File, int Samples)[] shards)
    {
        var entries = string.Join(",", shards.Select(s =>
            $"{{\"file\":\"{s.File}\",\"samples\":{s.Samples},\"bytes\":{new FileInfo(Path.Combine(folder, s.File)).Length}}}"));
        var names = string.Join(",", classNames.Select(n => $"\"{n}\""));
        File.WriteAllText(
            Path.Combine(folder, "shards.json"),
            $"{{\"format\":\"cloudfreq-shards\",\"version\":1,\"sourceFormat\":\"ImageFolder\",\"samples\":{shards.Sum(s => s.Samples)},\"ignoredFiles\":0,\"classNames\":[{names}],\"shards\":[{entries}]}}");
    }
}
