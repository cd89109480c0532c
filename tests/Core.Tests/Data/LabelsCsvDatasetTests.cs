using CloudFreq.Core.Data;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data;

public sealed class LabelsCsvDatasetTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Open_IntegerLabels_KeepsRowOrderAndNumbersAsClassNames()
    {
        WriteImages("b.png", "a.png", "sub/c.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\nb.png,2\na.png,0\nsub/c.png,1\n");

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(DatasetFormat.LabelsCsv, dataset.Format);
        Assert.Equal([new("b.png", 2), new("a.png", 0), new("sub/c.png", 1)], dataset.Entries);
        Assert.Equal(["0", "1", "2"], dataset.ClassNames);
    }

    [Fact]
    public void Open_NameLabels_MapsByOrdinalSortedNames()
    {
        WriteImages("a.png", "b.png", "c.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\na.png,dog\nb.png,cat\nc.png,dog\n");

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["cat", "dog"], dataset.ClassNames);
        Assert.Equal([1, 0, 1], dataset.Entries.Select(e => e.Label));
    }

    [Fact]
    public void Open_NameLabelsWithClassNames_UsesTheGivenOrder()
    {
        WriteImages("a.png", "b.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\na.png,dog\nb.png,cat\n");

        using var dataset = opener.Open(folder.Root, new DatasetOptions { ClassNames = ["dog", "cat"] });

        Assert.Equal([0, 1], dataset.Entries.Select(e => e.Label));
    }

    [Fact]
    public void Open_UnknownLabelName_ThrowsNamingFileLineAndLabel()
    {
        WriteImages("a.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\na.png,horse\n");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions { ClassNames = ["dog", "cat"] }));

        Assert.Contains("labels.csv line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'horse'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CustomColumnsAndQuotedFields_AreRead()
    {
        WriteImages("a, b.png", "c.png");
        File.WriteAllText(
            folder.Path("labels.csv"),
            "\"synset\",name,index\r\nn1,\"a, b.png\",\"3\"\r\n\"n\"\"2\",c.png,1\r\n");

        using var dataset = opener.Open(folder.Root, new DatasetOptions { FileColumn = "name", LabelColumn = "index" });

        Assert.Equal([new("a, b.png", 3), new("c.png", 1)], dataset.Entries);
    }

    [Fact]
    public void Open_MissingColumn_ThrowsNamingFileAndColumn()
    {
        WriteImages("a.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,synset,index\na.png,n1,0\n");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("labels.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("'label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("file, synset, index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ListedFileMissing_ThrowsNamingTheFile()
    {
        WriteImages("a.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\na.png,0\nghost.png,1\n");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ghost.png'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PathEscapingTheFolder_Throws()
    {
        WriteImages("a.png");
        File.WriteAllText(folder.Path("labels.csv"), "file,label\n../a.png,0\n");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("not a path inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LabelsFileOption_IsReadAndUnlistedFilesCountAsIgnored()
    {
        WriteImages("a.png", "b.png");
        File.WriteAllText(folder.Path("my-labels.csv"), "file,label\nb.png,0\n");
        File.WriteAllText(folder.Path("README.md"), "x");

        using var dataset = opener.Open(folder.Root, new DatasetOptions { LabelsFile = "my-labels.csv" });

        Assert.Equal(["b.png"], dataset.Entries.Select(e => e.Id));
        Assert.Equal(2, dataset.IgnoredFiles); // a.png and README.md
    }

    [Fact]
    public void Open_CsvFileAsPath_ImagesRelativeToItsFolder()
    {
        WriteImages("a.png");
        var csv = folder.Path("labels.csv");
        File.WriteAllText(csv, "file,label\n./a.png,0\n");

        using var dataset = opener.Open(csv, new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal("a.png", dataset.Entries[0].Id);
        Assert.Equal(Fixtures.Pattern(0, 0).R / 255f, image[0]);
    }

    private void WriteImages(params string[] names)
    {
        foreach (var name in names)
        {
            Fixtures.WriteImage(folder.Path(name.Split('/')), 3, 3, SKEncodedImageFormat.Png);
        }
    }
}
