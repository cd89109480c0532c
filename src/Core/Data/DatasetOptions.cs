namespace CloudFreq.Core.Data;

/// <summary>How to open a dataset and which transforms to apply while loading.</summary>
public sealed record DatasetOptions
{
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Convert to one channel (ITU-R BT.601 luma).</summary>
    public bool Grayscale { get; init; }

    /// <summary>Resize so the shorter side has this many pixels (ImageNet convention: 256).</summary>
    public int? Resize { get; init; }

    /// <summary>Center crop to a square of this size after resizing (ImageNet convention: 224).</summary>
    public int? Crop { get; init; }

    /// <summary>Skip this many images of the stable order.</summary>
    public int Offset { get; init; }

    /// <summary>Keep at most this many images after the offset.</summary>
    public int? Limit { get; init; }

    /// <summary>Class names in label order; overrides the names the format would give.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Labels CSV file (default: <c>labels.csv</c> in the dataset folder).</summary>
    public string? LabelsFile { get; init; }

    /// <summary>Labels CSV column holding the image file name.</summary>
    public string FileColumn { get; init; } = "file";

    /// <summary>Labels CSV column holding the label (an integer index or a class name).</summary>
    public string LabelColumn { get; init; } = "label";
}
