using System.Globalization;

namespace CloudFreq.Core.Data;

/// <summary>
/// Class names of a CIFAR binary dataset, from the files beside the batches: a text list
/// (<c>batches.meta.txt</c> for CIFAR-10, <c>fine_label_names.txt</c> for CIFAR-100), else the
/// Python pickle (<c>batches.meta</c> with <c>label_names</c>, <c>meta</c> with
/// <c>fine_label_names</c>), else the standard CIFAR-10 names, else the label numbers.
/// </summary>
internal static class CifarClassNames
{
    private static readonly string[] Cifar10Names =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static IReadOnlyList<string> Find(string folder, CifarVariant variant)
    {
        var (textFile, pickleFile, key) = variant == CifarVariant.Cifar10
            ? ("batches.meta.txt", "batches.meta", "label_names")
            : ("fine_label_names.txt", "meta", "fine_label_names");

        var textPath = Path.Combine(folder, textFile);
        if (File.Exists(textPath))
        {
            var names = File.ReadAllLines(textPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            return names.Length > 0 ? names : throw new CloudFreqException($"{textPath}: the class names file is empty.");
        }

        var picklePath = Path.Combine(folder, pickleFile);
        if (File.Exists(picklePath))
        {
            return FromPickle(picklePath, key);
        }

        return variant == CifarVariant.Cifar10
            ? Cifar10Names
            : Enumerable.Range(0, CifarRecords.ClassCount(variant)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static string[] FromPickle(string path, string key)
    {
        var root = PickleReader.Read(File.ReadAllBytes(path), path);
        if (root is not Dictionary<object, object?> dictionary)
        {
            throw new CloudFreqException($"{path}: expected a pickled dict holding '{key}'.");
        }

        // Python 3 pickles written with bytes keys hold byte[] keys, which compare by reference.
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
        var value = dictionary.GetValueOrDefault(key)
            ?? dictionary.FirstOrDefault(pair => pair.Key is byte[] bytes && bytes.AsSpan().SequenceEqual(keyBytes)).Value;
        if (value is not IEnumerable<object?> list)
        {
            throw new CloudFreqException($"{path}: the pickled dict has no list '{key}'.");
        }

        return list.Select(item => item switch
        {
            string text => text,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            _ => throw new CloudFreqException($"{path}: '{key}' holds a {item?.GetType().Name ?? "None"}, not a string."),
        }).ToArray();
    }
}
