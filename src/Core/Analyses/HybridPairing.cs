namespace CloudFreq.Core.Analyses;

/// <summary>
/// The study's hybrid pairing (DESIGN.md section 4): every image is the low-frequency source A
/// once and the high-frequency source B once, and no image is paired with its own class.
/// </summary>
/// <remarks>
/// Labels are shuffled into slots (slot i belongs to image i as A), slots holding A's own class
/// are repaired by random swaps, then each slot is filled with a shuffled image of the slot's
/// class. Only (seed, ids in stable order, labels) enter, so pairings never depend on batching.
/// </remarks>
public static class HybridPairing
{
    /// <summary>Pairs for one hybrid seed.</summary>
    /// <returns>For each image i (as A, in the given order) the index of its B image.</returns>
    /// <exception cref="CloudFreqException">A class holds more than half of the images, so no such pairing exists.</exception>
    public static int[] Pair(IReadOnlyList<int> labels, Random random, string where)
    {
        var n = labels.Count;
        if (n < 2)
        {
            throw new CloudFreqException($"{where}: hybrids need at least two images of different classes.");
        }

        var largest = labels.GroupBy(l => l).MaxBy(g => g.Count())!;
        if (largest.Count() * 2 > n)
        {
            throw new CloudFreqException(
                $"{where}: class {largest.Key} holds {largest.Count()} of {n} images, more than half, so not every image can be paired with another class.");
        }

        var slots = labels.ToArray();
        random.Shuffle(slots);
        Repair(labels, slots, random);

        // Fill each slot with a not yet used image of the slot's class, classes' images shuffled.
        var pools = labels.Select((label, index) => (label, index))
            .GroupBy(p => p.label)
            .ToDictionary(g => g.Key, g =>
            {
                var members = g.Select(p => p.index).ToArray();
                random.Shuffle(members);
                return new Queue<int>(members);
            });
        var partners = new int[n];
        for (var i = 0; i < n; i++)
        {
            partners[i] = pools[slots[i]].Dequeue();
        }

        return partners;
    }

    // Swaps a conflicting slot with a random slot where both sides end up valid. With no class above
    // half of the images such a slot always exists; a bounded number of tries guards the loop.
    private static void Repair(IReadOnlyList<int> labels, int[] slots, Random random)
    {
        var n = slots.Length;
        for (var i = 0; i < n; i++)
        {
            var tries = 0;
            while (slots[i] == labels[i])
            {
                var j = random.Next(n);
                if (slots[j] != labels[i] && slots[i] != labels[j])
                {
                    (slots[i], slots[j]) = (slots[j], slots[i]);
                }
                else if (++tries > 64 * n)
                {
                    SwapWithFirstValid(labels, slots, i);
                }
            }
        }
    }

    private static void SwapWithFirstValid(IReadOnlyList<int> labels, int[] slots, int i)
    {
        for (var j = 0; j < slots.Length; j++)
        {
            if (slots[j] != labels[i] && slots[i] != labels[j])
            {
                (slots[i], slots[j]) = (slots[j], slots[i]);
                return;
            }
        }

        throw new InvalidOperationException("no valid swap exists; the majority check should have prevented this.");
    }
}
