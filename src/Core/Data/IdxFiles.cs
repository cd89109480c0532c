namespace CloudFreq.Core.Data;

/// <summary>
/// Finds IDX image files and their label files. Image files have <c>idx3-ubyte</c> in their name
/// (raw or <c>.gz</c>); the labels file is the same name with <c>images-idx3</c> (or
/// <c>images.idx3</c>) replaced by <c>labels-idx1</c> (<c>labels.idx1</c>), raw or gzip.
/// </summary>
internal static class IdxFiles
{
    public static bool IsImagesFile(string path) =>
        Path.GetFileName(path).Contains("idx3-ubyte", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The images file a directory stands for: the test split (names starting with <c>t10k</c> or
    /// containing <c>test</c>) when there is one, the raw file over its gzip twin.
    /// </summary>
    public static string ImagesIn(string directory)
    {
        var candidates = System.IO.Directory.EnumerateFiles(directory).Where(IsImagesFile).Order(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            throw new CloudFreqException($"{directory}: no IDX images file (a name containing idx3-ubyte).");
        }

        var test = candidates.Where(IsTestSplit).ToList();
        if (test.Count > 0)
        {
            candidates = test;
        }

        var distinct = candidates
            .GroupBy(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? f[..^3] : f, StringComparer.Ordinal)
            .Select(g => g.OrderBy(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 1 : 0).First())
            .ToList();
        return distinct.Count == 1
            ? distinct[0]
            : throw new CloudFreqException(
                $"{directory}: several IDX images files ({string.Join(", ", distinct.Select(Path.GetFileName))}); open one of them.");
    }

    /// <summary>The labels file beside <paramref name="imagesPath"/>.</summary>
    public static string LabelsFor(string imagesPath)
    {
        var folder = Path.GetDirectoryName(imagesPath) ?? ".";
        var name = Path.GetFileName(imagesPath);
        var labelsName = name
            .Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase)
            .Replace("images.idx3", "labels.idx1", StringComparison.OrdinalIgnoreCase);
        if (labelsName == name)
        {
            throw new CloudFreqException(
                $"{imagesPath}: cannot name its labels file (expected 'images-idx3' in the name, to be replaced by 'labels-idx1').");
        }

        var raw = labelsName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? labelsName[..^3] : labelsName;
        foreach (var candidate in new[] { labelsName, raw, raw + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new CloudFreqException($"{imagesPath}: its labels file {Path.Combine(folder, labelsName)} does not exist.");
    }

    private static bool IsTestSplit(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("t10k", StringComparison.OrdinalIgnoreCase) || name.Contains("test", StringComparison.OrdinalIgnoreCase);
    }
}
