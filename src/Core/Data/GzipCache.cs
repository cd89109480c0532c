using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CloudFreq.Core.Data;

/// <summary>
/// Decompresses gzip files once into a cache folder so they can be read at random offsets
/// without holding them in memory. A cache file is keyed by the source's full path, length and
/// modification time, and written to a temporary name then moved into place, so a crash or a
/// concurrent process never leaves a partial file under the final name.
/// </summary>
internal sealed class GzipCache(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>True when the file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>The path of the decompressed copy of <paramref name="gzipPath"/>, creating it if needed.</summary>
    public string Decompressed(string gzipPath)
    {
        var info = new FileInfo(gzipPath);
        var key = string.Create(
            CultureInfo.InvariantCulture, $"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        var baseName = info.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? info.Name[..^3] : info.Name;
        var target = Path.Combine(Directory, $"{baseName}-{hash}");
        if (File.Exists(target))
        {
            return target;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var input = new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress))
            using (var output = File.Create(temporary))
            {
                input.CopyTo(output);
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        catch (InvalidDataException e)
        {
            throw new CloudFreqException($"{gzipPath}: not a valid gzip file ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new CloudFreqException($"{gzipPath}: the gzip data is truncated.", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
