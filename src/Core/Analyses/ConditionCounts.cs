namespace CloudFreq.Core.Analyses;

/// <summary>
/// Integer counts per condition string (images, and hits of one or more kinds), merged by addition.
/// Keys are result-contract conditions, so a summary turns each entry into rows directly.
/// </summary>
public sealed record ConditionCounts
{
    /// <summary>Condition -> [images, hits...].</summary>
    public SortedDictionary<string, long[]> Counts { get; init; } = new(StringComparer.Ordinal);

    public void Add(string condition, long images, params ReadOnlySpan<long> hits)
    {
        if (!Counts.TryGetValue(condition, out var counts))
        {
            counts = new long[1 + hits.Length];
            Counts[condition] = counts;
        }

        counts[0] += images;
        for (var i = 0; i < hits.Length; i++)
        {
            counts[1 + i] += hits[i];
        }
    }

    public ConditionCounts MergedWith(ConditionCounts other)
    {
        var merged = new ConditionCounts();
        foreach (var source in new[] { this, other })
        {
            foreach (var (condition, counts) in source.Counts)
            {
                merged.Add(condition, counts[0], counts.AsSpan(1));
            }
        }

        return merged;
    }
}
