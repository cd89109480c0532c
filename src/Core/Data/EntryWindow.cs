namespace CloudFreq.Core.Data;

/// <summary>The offset/limit window of a dataset's stable order.</summary>
internal readonly record struct EntryWindow(int Start, int Count)
{
    /// <summary>Applies the options' offset and limit to <paramref name="total"/> listed images.</summary>
    public static EntryWindow Resolve(int total, DatasetOptions options, string source)
    {
        if (total == 0)
        {
            throw new CloudFreqException($"{source}: the dataset holds no images.");
        }

        if (options.Offset < 0)
        {
            throw new CloudFreqException($"offset must not be negative (got {options.Offset}).");
        }

        if (options.Limit is < 1)
        {
            throw new CloudFreqException($"limit must be at least 1 (got {options.Limit}).");
        }

        if (options.Offset >= total)
        {
            throw new CloudFreqException($"{source}: offset {options.Offset} is beyond the end of the dataset ({total} images).");
        }

        var remaining = total - options.Offset;
        return new EntryWindow(options.Offset, Math.Min(options.Limit ?? remaining, remaining));
    }
}
