namespace CloudFreq.Core.Data;

/// <summary>The image file extensions the file-based datasets decode.</summary>
internal static class ImageFileTypes
{
    /// <summary>True for png, jpg, jpeg, bmp and webp, in any letter case.</summary>
    public static bool IsImage(string path)
    {
        var extension = Path.GetExtension(path.AsSpan());
        return extension.Equals(".png", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".bmp", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".webp", StringComparison.OrdinalIgnoreCase);
    }
}
