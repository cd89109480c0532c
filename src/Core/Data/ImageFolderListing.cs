namespace CloudFreq.Core.Data;

/// <summary>
/// Lists <c>root/&lt;class&gt;/&lt;image&gt;</c>: class index = position of the folder name in the
/// ordinal-sorted folder names (or in the given class names); order = class index, then the
/// ordinal relative path. Folders starting with '.' are not classes; images may sit in nested
/// folders below a class folder.
/// </summary>
internal static class ImageFolderListing
{
    public static ImageListing Read(string root, IReadOnlyList<string>? classNames)
    {
        var folders = new DirectoryInfo(root).GetDirectories()
            .Where(d => !d.Name.StartsWith('.'))
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (folders.Count == 0)
        {
            throw new CloudFreqException($"{root}: no class folders; an image folder dataset is laid out as <root>/<class>/<image>.");
        }

        var names = classNames ?? folders;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            indexOf.TryAdd(names[i], i);
        }

        var ignored = Directory.EnumerateFiles(root).Count();
        var classes = new List<(int Label, List<string> Ids)>();
        foreach (var folder in folders)
        {
            if (!indexOf.TryGetValue(folder, out var label))
            {
                throw new CloudFreqException(
                    $"{Path.Combine(root, folder)}: the folder '{folder}' is not one of the given class names ({string.Join(", ", names)}).");
            }

            var ids = new List<string>();
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", options))
            {
                if (ImageFileTypes.IsImage(file))
                {
                    ids.Add(Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
                }
                else
                {
                    ignored++;
                }
            }

            ids.Sort(StringComparer.Ordinal);
            classes.Add((label, ids));
        }

        var allIds = new List<string>();
        var labels = new List<int>();
        foreach (var (label, ids) in classes.OrderBy(c => c.Label))
        {
            allIds.AddRange(ids);
            labels.AddRange(Enumerable.Repeat(label, ids.Count));
        }

        return new ImageListing(root, allIds, labels, names.ToArray(), ignored);
    }
}
