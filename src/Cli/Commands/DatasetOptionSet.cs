using System.CommandLine;
using CloudFreq.Core;
using CloudFreq.Core.Data;

namespace CloudFreq.Cli.Commands;

/// <summary>The options that say how to read a dataset, shared by every command that reads one.</summary>
internal sealed class DatasetOptionSet
{
    public Option<int?> Limit { get; } = new("--limit") { Description = "Use at most this many images of each dataset." };

    public Option<int> Offset { get; } = new("--offset") { Description = "Skip this many images of each dataset first." };

    public Option<bool> Grayscale { get; } = new("--grayscale") { Description = "Convert images to one channel (BT.601 luma)." };

    public Option<int?> Resize { get; } = new("--resize") { Description = "Resize the shorter side to this many pixels (ImageNet: 256)." };

    public Option<int?> Crop { get; } = new("--crop") { Description = "Center-crop a square of this size (ImageNet: 224)." };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "Dataset format: auto, imagefolder, cifar, idx, csv, shards.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Labels { get; } = new("--labels") { Description = "Labels CSV (default: labels.csv in the dataset folder)." };

    public Option<string> FileColumn { get; } = new("--file-column")
    {
        Description = "Labels CSV column with the image file name.",
        DefaultValueFactory = _ => "file",
    };

    public Option<string> LabelColumn { get; } = new("--label-column")
    {
        Description = "Labels CSV column with the label (class index or name).",
        DefaultValueFactory = _ => "label",
    };

    public Option<string?> ClassNames { get; } = new("--class-names") { Description = "File with one class name per line, in label order." };

    public IEnumerable<Option> All => [Limit, Offset, Grayscale, Resize, Crop, Format, Labels, FileColumn, LabelColumn, ClassNames];

    /// <summary>The options that say how a dataset is listed (not how images are loaded): those of <c>shard</c>.</summary>
    public IEnumerable<Option> Listing => [Format, Labels, FileColumn, LabelColumn, ClassNames];

    /// <summary>Options from <see cref="Listing"/> only.</summary>
    public DatasetOptions BuildListing(ParseResult parse)
    {
        var classNamesFile = parse.GetValue(ClassNames);
        return new DatasetOptions
        {
            Format = ParseFormat(parse.GetValue(Format)!),
            LabelsFile = parse.GetValue(Labels),
            FileColumn = parse.GetValue(FileColumn)!,
            LabelColumn = parse.GetValue(LabelColumn)!,
            ClassNames = classNamesFile is null ? null : ReadClassNames(classNamesFile),
        };
    }

    public DatasetOptions Build(ParseResult parse)
    {
        var classNamesFile = parse.GetValue(ClassNames);
        return new DatasetOptions
        {
            Format = ParseFormat(parse.GetValue(Format)!),
            Grayscale = parse.GetValue(Grayscale),
            Resize = parse.GetValue(Resize) is { } resize ? Positive(resize, "--resize") : null,
            Crop = parse.GetValue(Crop) is { } crop ? Positive(crop, "--crop") : null,
            Offset = Positive(parse.GetValue(Offset), "--offset", allowZero: true),
            Limit = parse.GetValue(Limit) is { } limit ? Positive(limit, "--limit") : null,
            LabelsFile = parse.GetValue(Labels),
            FileColumn = parse.GetValue(FileColumn)!,
            LabelColumn = parse.GetValue(LabelColumn)!,
            ClassNames = classNamesFile is null ? null : ReadClassNames(classNamesFile),
        };
    }

    public static int Positive(int value, string option, bool allowZero = false) =>
        value > 0 || (allowZero && value == 0)
            ? value
            : throw new CloudFreqException($"{option}: must be {(allowZero ? "zero or more" : "positive")}, got {value}.");

    private static DatasetFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "auto" => DatasetFormat.Auto,
        "imagefolder" or "folder" => DatasetFormat.ImageFolder,
        "cifar" or "cifar-binary" => DatasetFormat.CifarBinary,
        "idx" or "mnist" => DatasetFormat.Idx,
        "csv" or "labels-csv" => DatasetFormat.LabelsCsv,
        "shards" or "webdataset" => DatasetFormat.Shards,
        _ => throw new CloudFreqException($"--format: '{text}' is not one of auto, imagefolder, cifar, idx, csv, shards."),
    };

    private static string[] ReadClassNames(string path)
    {
        if (!File.Exists(path))
        {
            throw new CloudFreqException($"--class-names: {path} not found.");
        }

        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length > 0 ? names : throw new CloudFreqException($"--class-names: {path} holds no names.");
    }
}
