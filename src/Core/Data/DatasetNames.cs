namespace CloudFreq.Core.Data;

/// <summary>Short dataset names for reports.</summary>
internal static class DatasetNames
{
    /// <summary>The last path component: the folder or file name.</summary>
    public static string NameOf(string source)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(source);
        var name = Path.GetFileName(trimmed);
        return string.IsNullOrEmpty(name) ? trimmed : name;
    }
}
