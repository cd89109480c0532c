namespace CloudFreq.Core.Data;

public enum DatasetFormat
{
    /// <summary>Detect from the path.</summary>
    Auto,

    /// <summary><c>root/&lt;class&gt;/&lt;image&gt;</c>.</summary>
    ImageFolder,

    /// <summary>CIFAR-10 or CIFAR-100 binary batches.</summary>
    CifarBinary,

    /// <summary>IDX files (MNIST, Fashion-MNIST), raw or gzip.</summary>
    Idx,

    /// <summary>A folder of images with a labels CSV.</summary>
    LabelsCsv,

    /// <summary>
    /// WebDataset tar shards with a <c>shards.json</c> manifest, made from an image folder or labels CSV
    /// dataset (<see cref="Shards.ShardWriter"/>): the same ids, labels and order as the source.
    /// </summary>
    Shards,
}
