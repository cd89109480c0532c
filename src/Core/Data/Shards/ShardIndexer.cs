using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Reads a tar shard's headers once and records where each sample's image bytes are (offset and
/// length in the tar file), so images are later read by position without extracting anything.
/// </summary>
/// <remarks>
/// A sample is a run of consecutive members sharing a key (<see cref="ShardMemberNames"/>): exactly
/// one image member, one <c>cls</c> member, and optionally an <c>id.txt</c> member (without it the
/// image member's name is the id, as for shards written by other WebDataset tools).
/// </remarks>
internal static class ShardIndexer
{
    private const int MaxTextMemberBytes = 4096;

    /// <exception cref="CloudFreqException">The file is not a tar file, is truncated, or breaks the sample convention.</exception>
    public static IReadOnlyList<ShardSample> Index(string tarPath, int classCount)
    {
        var samples = new List<ShardSample>();
        try
        {
            using var stream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            var fileLength = stream.Length;
            using var reader = new TarReader(stream, leaveOpen: true);
            var seenKeys = new HashSet<string>(StringComparer.Ordinal);
            SampleBuilder? current = null;
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    continue;
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw Bad(tarPath, $"member '{entry.Name}' is a {entry.EntryType}, not a regular file");
                }

                if (!ShardMemberNames.TrySplit(entry.Name, out var key, out var extension))
                {
                    throw Bad(tarPath, $"member '{entry.Name}' has no extension, so it belongs to no sample (expected KEY.jpg, KEY.cls, ...)");
                }

                if (entry.DataOffset < 0 || entry.DataOffset + entry.Length > fileLength)
                {
                    throw Bad(tarPath, $"member '{entry.Name}' ends past the end of the file (truncated)");
                }

                if (current is null || current.Key != key)
                {
                    if (current is not null)
                    {
                        samples.Add(current.Build(tarPath, classCount));
                    }

                    if (!seenKeys.Add(key))
                    {
                        throw Bad(tarPath, $"the members of sample '{key}' are not consecutive (a sample must not be split)");
                    }

                    current = new SampleBuilder(key);
                }

                switch (extension)
                {
                    case ShardMemberNames.LabelExtension:
                        current.Label = current.Label is null ? Text(entry, tarPath) : throw Duplicate(tarPath, key, extension);
                        break;
                    case ShardMemberNames.IdExtension:
                        current.Id = current.Id is null ? Text(entry, tarPath) : throw Duplicate(tarPath, key, extension);
                        break;
                    default:
                        if (current.ImageName is not null)
                        {
                            throw Bad(tarPath, $"sample '{key}' has two image members ('{current.ImageName}' and '{entry.Name}')");
                        }

                        current.ImageName = entry.Name;
                        current.Image = new EncodedImageLocation(tarPath, entry.DataOffset, entry.Length);
                        break;
                }
            }

            if (current is not null)
            {
                samples.Add(current.Build(tarPath, classCount));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new CloudFreqException($"{tarPath}: not a readable tar shard ({e.Message}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"{tarPath}: cannot read the shard: {e.Message}", e);
        }

        return samples;
    }

    private static string Text(TarEntry entry, string tarPath)
    {
        if (entry.Length > MaxTextMemberBytes)
        {
            throw Bad(tarPath, $"member '{entry.Name}' holds {entry.Length} bytes; a label or id is at most {MaxTextMemberBytes}");
        }

        if (entry.DataStream is not { } data)
        {
            return string.Empty;
        }

        using var text = new StreamReader(data, new UTF8Encoding(false, throwOnInvalidBytes: true), false, 1024, leaveOpen: true);
        try
        {
            return text.ReadToEnd().Trim();
        }
        catch (DecoderFallbackException e)
        {
            throw new CloudFreqException($"{tarPath}: member '{entry.Name}' is not UTF-8 text.", e);
        }
    }

    private static CloudFreqException Duplicate(string tarPath, string key, string extension) =>
        Bad(tarPath, $"sample '{key}' has two '{extension}' members");

    private static CloudFreqException Bad(string tarPath, string cause) => new($"{tarPath}: {cause}.");

    // The members of one sample as they are read.
    private sealed class SampleBuilder(string key)
    {
        public string Key { get; } = key;

        public string? Label { get; set; }

        public string? Id { get; set; }

        public string? ImageName { get; set; }

        public EncodedImageLocation Image { get; set; }

        public ShardSample Build(string tarPath, int classCount)
        {
            if (ImageName is null)
            {
                throw Bad(tarPath, $"sample '{Key}' has no image member");
            }

            if (Label is null)
            {
                throw Bad(tarPath, $"sample '{Key}' has no '{ShardMemberNames.LabelExtension}' member (its label)");
            }

            if (!int.TryParse(Label, NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label >= classCount)
            {
                throw Bad(tarPath, $"sample '{Key}': the label '{Label}' is not a class index below {classCount} (the number of class names)");
            }

            var id = Id ?? ImageName;
            if (id.Length == 0)
            {
                throw Bad(tarPath, $"sample '{Key}': the id member is empty");
            }

            if (!ShardSampleIds.IsInside(id))
            {
                throw Bad(tarPath, $"sample '{Key}': the id '{id}' is not a relative path inside the dataset");
            }

            return new ShardSample(id, label, Image);
        }
    }
}
