using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace CloudFreq.Core.Data;

/// <summary>
/// Reads an image's encoded bytes into a pooled array by positional reads (<see cref="RandomAccess"/>),
/// so parallel loads never share a file position and a shard is never extracted to disk.
/// </summary>
internal static class EncodedImageReader
{
    /// <summary>Reads the bytes at <paramref name="location"/>; the caller returns the array to <paramref name="pool"/>.</summary>
    /// <exception cref="ImageLoadException">The file cannot be opened or read, or is empty or too short.</exception>
    /// <exception cref="CloudFreqException">The image is in a shard that is not on this machine (not staged): every image of it would fail, so this is not one skipped image.</exception>
    public static (byte[] Bytes, int Length) Read(EncodedImageLocation location, string imageId, ArrayPool<byte> pool)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(location.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (location.Shard is { } shard && e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CloudFreqException(
                $"{location.Path}: shard '{shard.File}' is not present, so image '{imageId}' cannot be read (a worker stages the shards of its work item before running it).",
                e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(imageId, $"cannot open {location.Path}: {e.Message}", e);
        }

        using (handle)
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (location.Shard is { } shard && fileLength != shard.Bytes)
            {
                throw new ImageLoadException(
                    imageId,
                    $"{location.Path}: shard '{shard.File}' holds {fileLength} bytes, but its manifest says {shard.Bytes} ({(fileLength < shard.Bytes ? "truncated" : "replaced or appended to")}).");
            }
            var wanted = location.Length ?? fileLength;
            if (wanted == 0)
            {
                throw new ImageLoadException(imageId, location.Length is null ? "the file is empty." : $"the image in {location.Path} is empty.");
            }

            if (wanted > Array.MaxLength)
            {
                throw new ImageLoadException(imageId, $"the file is too large ({wanted} bytes).");
            }

            if (location.Offset + wanted > fileLength)
            {
                throw new ImageLoadException(
                    imageId, $"{location.Path} ends at byte {fileLength}, before the image's {wanted} bytes at offset {location.Offset} (truncated).");
            }

            var length = (int)wanted;
            var bytes = pool.Rent(length);
            try
            {
                var read = 0;
                while (read < length)
                {
                    var n = RandomAccess.Read(handle, bytes.AsSpan(read, length - read), location.Offset + read);
                    if (n == 0)
                    {
                        throw new ImageLoadException(imageId, $"{location.Path} shrank while it was read.");
                    }

                    read += n;
                }

                return (bytes, length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                pool.Return(bytes);
                throw new ImageLoadException(imageId, $"cannot read {location.Path}: {e.Message}", e);
            }
            catch
            {
                pool.Return(bytes);
                throw;
            }
        }
    }
}
