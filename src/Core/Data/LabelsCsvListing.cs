using System.Globalization;

namespace CloudFreq.Core.Data;

/// <summary>
/// Lists the images named by a labels CSV (header row; file and label columns named by the
/// options), in row order. Files are relative to the CSV's folder. Labels are either all integer
/// class indices or class names (mapped by the ordinal-sorted distinct names, or by the given
/// class names).
/// </summary>
internal static class LabelsCsvListing
{
    public static ImageListing Read(string csvPath, DatasetOptions options)
    {
        var root = Path.GetDirectoryName(csvPath) ?? throw new CloudFreqException($"{csvPath}: has no parent folder.");
        string text;
        try
        {
            text = File.ReadAllText(csvPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"{csvPath}: cannot read the labels file: {e.Message}", e);
        }

        var records = CsvReader.Parse(text, csvPath);
        if (records.Count == 0)
        {
            throw new CloudFreqException($"{csvPath}: the labels file is empty (expected a header row).");
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        var fileColumn = Column(header, options.FileColumn, "file", csvPath);
        var labelColumn = Column(header, options.LabelColumn, "label", csvPath);

        var ids = new List<string>(records.Count - 1);
        var rawLabels = new List<(int Line, string Label)>(records.Count - 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length <= Math.Max(fileColumn, labelColumn))
            {
                throw new CloudFreqException($"{csvPath} line {line}: {fields.Length} fields, but the header has {header.Length}.");
            }

            var id = ImageId(fields[fileColumn], csvPath, line);
            if (!seen.Add(id))
            {
                throw new CloudFreqException($"{csvPath} line {line}: the file '{id}' is listed twice.");
            }

            if (!File.Exists(Path.Combine(root, id)))
            {
                throw new CloudFreqException($"{csvPath} line {line}: the file '{id}' does not exist in {root}.");
            }

            ids.Add(id);
            rawLabels.Add((line, fields[labelColumn].Trim()));
        }

        var (labels, classNames) = Labels(rawLabels, options.ClassNames, csvPath);
        var ignored = Directory.EnumerateFiles(root)
            .Select(Path.GetFileName)
            .Count(name => name is not null && !seen.Contains(name) && !string.Equals(Path.Combine(root, name), csvPath, StringComparison.Ordinal));
        return new ImageListing(root, ids, labels, classNames, ignored);
    }

    private static int Column(string[] header, string name, string option, string csvPath)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0
            ? index
            : throw new CloudFreqException(
                $"{csvPath}: no column '{name}' in the header ({string.Join(", ", header)}); name the {option} column in the options.");
    }

    // Ids must stay inside the dataset folder: they are stable identities and blob names.
    private static string ImageId(string field, string csvPath, int line)
    {
        var id = field.Trim().Replace('\\', '/');
        while (id.StartsWith("./", StringComparison.Ordinal))
        {
            id = id[2..];
        }

        if (id.Length == 0)
        {
            throw new CloudFreqException($"{csvPath} line {line}: the file field is empty.");
        }

        if (Path.IsPathRooted(id) || id.Split('/').Contains(".."))
        {
            throw new CloudFreqException($"{csvPath} line {line}: the file '{field}' is not a path inside the dataset folder.");
        }

        return id;
    }

    private static (int[] Labels, IReadOnlyList<string> ClassNames) Labels(
        List<(int Line, string Label)> raw, IReadOnlyList<string>? classNames, string csvPath)
    {
        var labels = new int[raw.Count];
        var allIntegers = raw.TrueForAll(r => int.TryParse(r.Label, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        if (allIntegers)
        {
            for (var i = 0; i < raw.Count; i++)
            {
                labels[i] = int.Parse(raw[i].Label, NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (labels[i] < 0)
                {
                    throw new CloudFreqException($"{csvPath} line {raw[i].Line}: the label {labels[i]} is negative.");
                }

                if (classNames is not null && labels[i] >= classNames.Count)
                {
                    throw new CloudFreqException(
                        $"{csvPath} line {raw[i].Line}: the label {labels[i]} is beyond the {classNames.Count} given class names.");
                }
            }

            var count = labels.Length == 0 ? 0 : labels.Max() + 1;
            return (labels, classNames ?? Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
        }

        var names = classNames ?? raw.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            indexOf.TryAdd(names[i], i);
        }

        for (var i = 0; i < raw.Count; i++)
        {
            if (!indexOf.TryGetValue(raw[i].Label, out labels[i]))
            {
                throw new CloudFreqException(
                    $"{csvPath} line {raw[i].Line}: the label '{raw[i].Label}' is neither a class index nor one of the class names.");
            }
        }

        return (labels, names);
    }
}
