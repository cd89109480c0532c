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
}
