using CloudFreq.Core.Data;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data;

public sealed class DatasetOpenerTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Detect_FolderWithLabelsCsvAndSubfolders_IsLabelsCsv()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        File.WriteAllText(folder.Path("labels.csv"), "file,label\nc/a.png,0\n");

        Assert.Equal(DatasetFormat.LabelsCsv, opener.Detect(folder.Root, new DatasetOptions()));
    }

    [Fact]
    public void Detect_ClassSubfolders_IsImageFolder()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 2, 2, SKEncodedImageFormat.Png);

        Assert.Equal(DatasetFormat.ImageFolder, opener.Detect(folder.Root, new DatasetOptions()));
    }

    [Fact]
    public void Detect_BinFiles_IsCifarBinary()
    {
        Fixtures.WriteCifar(folder.Path("batch.bin"), [0]);

        Assert.Equal(DatasetFormat.CifarBinary, opener.Detect(folder.Root, new DatasetOptions()));
        Assert.Equal(DatasetFormat.CifarBinary, opener.Detect(folder.Path("batch.bin"), new DatasetOptions()));
    }

    [Fact]
    public void Detect_IdxFiles_IsIdx()
    {
        Fixtures.WriteIdxImages(folder.Path("t10k-images-idx3-ubyte.gz"), 1, 2, 2, gzip: true);

        Assert.Equal(DatasetFormat.Idx, opener.Detect(folder.Root, new DatasetOptions()));
        Assert.Equal(DatasetFormat.Idx, opener.Detect(folder.Path("t10k-images-idx3-ubyte.gz"), new DatasetOptions()));
    }

    [Fact]
    public void Detect_ExplicitFormat_WinsOverTheLayout()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        File.WriteAllText(folder.Path("labels.csv"), "file,label\nc/a.png,0\n");

        Assert.Equal(DatasetFormat.ImageFolder, opener.Detect(folder.Root, new DatasetOptions { Format = DatasetFormat.ImageFolder }));
    }

    [Fact]
    public void Open_MissingPath_ThrowsNamingIt()
    {
        var missing = folder.Path("nope");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(missing, new DatasetOptions()));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FolderOfLooseFiles_ThrowsUnknownLayout()
    {
        File.WriteAllText(folder.Path("a.txt"), "x");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("unknown dataset layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownFile_Throws()
    {
        File.WriteAllText(folder.Path("a.txt"), "x");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Path("a.txt"), new DatasetOptions()));

        Assert.Contains("a.txt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, null, null, null)]
    [InlineData(0, 0, null, null)]
    [InlineData(0, null, 0, null)]
    [InlineData(0, null, null, 0)]
    public void Open_InvalidNumbers_Throw(int offset, int? limit, int? resize, int? crop)
    {
        Fixtures.WriteCifar(folder.Path("batch.bin"), [0]);
        var options = new DatasetOptions { Offset = offset, Limit = limit, Resize = resize, Crop = crop };

        Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, options));
    }
}
