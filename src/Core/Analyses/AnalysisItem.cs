namespace CloudFreq.Core.Analyses;

/// <summary>
/// One planned unit of an analysis on one dataset (the model is added by the run planner): a range
/// of positions in the dataset's stable order, or in an evenly spread subset of it, or an explicit
/// list of image pairs decided at plan time.
/// </summary>
/// <param name="Key">Stable within the analysis and dataset, for example <c>0001000</c> or <c>s2.0001000</c>.</param>
/// <param name="Pairs">For analyses over image pairs (hybrids): the (A, B) image ids, in order.</param>
/// <param name="SubsetSize">
/// When an analysis uses fewer images than the dataset holds, the size of its subset: position i of
/// the subset is image floor(i x total / SubsetSize), so a subset spreads over the whole stable
/// order (and over every class of an ImageFolder) instead of taking its first classes. 0 for all images.
/// </param>
public sealed record AnalysisItem(string Key, int Start, int Count, IReadOnlyList<ImagePair>? Pairs = null, int SubsetSize = 0)
{
    /// <summary>The dataset indices of this item's images, for a dataset of <paramref name="total"/> images.</summary>
    public IReadOnlyList<int> Indices(int total) => new SubsetIndices(Start, Count, SubsetSize, total);

    /// <summary>
    /// Every dataset index this item reads: both images of each pair for a pair item, else
    /// <see cref="Indices"/>. What a worker must have on disk before running it.
    /// </summary>
    /// <param name="indexOf">The dataset index of an image id (pairs name images by id).</param>
    public IEnumerable<int> ImagesRead(int total, Func<string, int> indexOf)
    {
        ArgumentNullException.ThrowIfNull(indexOf);
        return Pairs is { } pairs ? pairs.SelectMany(p => new[] { indexOf(p.A), indexOf(p.B) }) : Indices(total);
    }

    /// <summary>Dataset index of position <paramref name="position"/> of a subset of <paramref name="subsetSize"/> images.</summary>
    public static int SubsetIndex(int position, int subsetSize, int total) =>
        subsetSize <= 0 || subsetSize >= total ? position : (int)((long)position * total / subsetSize);

    private sealed class SubsetIndices(int start, int count, int subsetSize, int total) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int index] => (uint)index < (uint)count
            ? SubsetIndex(start + index, subsetSize, total)
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<int> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Two images by id: A the low-frequency source, B the high-frequency source.</summary>
public sealed record ImagePair(string A, string B);
