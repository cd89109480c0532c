using System.Globalization;

namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// The WebDataset naming convention: a sample is a run of consecutive tar members sharing a key,
/// each named <c>KEY.EXT</c>, where the key ends at the first '.' of the file name (folders kept)
/// and EXT says what the member holds. CloudFreq writes <c>KEY.&lt;image extension&gt;</c> (the
/// encoded image), <c>KEY.cls</c> (the label as decimal text) and <c>KEY.id.txt</c> (the image id).
/// </summary>
internal static class ShardMemberNames
{
    public const string LabelExtension = "cls";
    public const string IdExtension = "id.txt";

    /// <summary>The extension for image members whose id has none that can serve as one.</summary>
    public const string FallbackImageExtension = "bin";

    /// <summary>The key of the sample at <paramref name="index"/> of the whole dataset (no dots, sortable).</summary>
    public static string Key(int index) => "sample" + index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The image member's extension: the id's own, lower case, when it is plain letters and digits.</summary>
    public static string ImageExtension(string imageId)
    {
        var extension = Path.GetExtension(imageId).TrimStart('.').ToLowerInvariant();
        return extension.Length > 0 && extension.All(char.IsAsciiLetterOrDigit) ? extension : FallbackImageExtension;
    }

    /// <summary>Splits a member name into key and extension, WebDataset's way; false when the name has no extension.</summary>
    public static bool TrySplit(string memberName, out string key, out string extension)
    {
        var slash = memberName.LastIndexOf('/');
        var dot = memberName.IndexOf('.', slash + 1);
        if (dot <= slash + 1 || dot == memberName.Length - 1)
        {
            key = extension = string.Empty;
            return false;
        }

        key = memberName[..dot];
        extension = memberName[(dot + 1)..];
        return true;
    }
}
