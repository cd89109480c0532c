namespace CloudFreq.Core.Attacks;

/// <summary>Maintenance of the list of images an attack still works on.</summary>
internal static class ActiveImages
{
    /// <summary>Removes the images flagged in <paramref name="finished"/>, keeping the order (no allocation).</summary>
    public static void RemoveFinished(List<int> active, bool[] finished)
    {
        var kept = 0;
        for (var j = 0; j < active.Count; j++)
        {
            if (!finished[active[j]])
            {
                active[kept++] = active[j];
            }
        }

        active.RemoveRange(kept, active.Count - kept);
    }
}
