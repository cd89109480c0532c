using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

public sealed class IdxDatasetTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener;

    public IdxDatasetTests() => opener = new DatasetOpener(folder.Path("cache"));

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_ImagesFile_ReadsLabelsIdsAndExactPixels(bool gzip)
    {
        var suffix = gzip ? ".gz" : string.Empty;
        Fixtures.WriteIdxImages(folder.Path("data", "t10k-images-idx3-ubyte" + suffix), 3, 4, 5, gzip);
        Fixtures.WriteIdxLabels(folder.Path("data", "t10k-labels-idx1-ubyte" + suffix), [7, 2, 1], gzip);

        using var dataset = opener.Open(folder.Path("data", "t10k-images-idx3-ubyte" + suffix), new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(2, image);

        Assert.Equal(DatasetFormat.Idx, dataset.Format);
        Assert.Equal(new Imaging.ImageShape(1, 4, 5), dataset.Shape);
        Assert.Equal($"t10k-images-idx3-ubyte{suffix}#2", dataset.Entries[2].Id);
        Assert.Equal([7, 2, 1], dataset.Entries.Select(e => e.Label));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), dataset.ClassNames);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                Assert.Equal(Fixtures.IdxPixel(2, x, y) / 255f, image[(y * 5) + x]);
            }
        }
    }

    [Fact]
    public void Open_Gzip_DecompressesOnceIntoTheCache()
    {
        Fixtures.WriteIdxImages(folder.Path("t10k-images-idx3-ubyte.gz"), 2, 3, 3, gzip: true);
        Fixtures.WriteIdxLabels(folder.Path("t10k-labels-idx1-ubyte.gz"), [1, 2], gzip: true);

        using (opener.Open(folder.Path("t10k-images-idx3-ubyte.gz"), new DatasetOptions()))
        {
        }

        var cached = Directory.GetFiles(folder.Path("cache"));
        var written = File.GetLastWriteTimeUtc(Assert.Single(cached));
        using (var again = opener.Open(folder.Path("t10k-images-idx3-ubyte.gz"), new DatasetOptions()))
        {
            Assert.Equal(2, again.Entries.Count);
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(folder.Path("cache")))));
        Assert.Equal(16 + (2 * 9), new FileInfo(cached[0]).Length);
    }

    [Fact]
    public void Open_Directory_PrefersTheTestSplit()
    {
        Fixtures.WriteIdxImages(folder.Path("train-images-idx3-ubyte"), 4, 2, 2, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("train-labels-idx1-ubyte"), [0, 0, 0, 0], gzip: false);
        Fixtures.WriteIdxImages(folder.Path("t10k-images-idx3-ubyte"), 2, 2, 2, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("t10k-labels-idx1-ubyte"), [3, 4], gzip: false);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["t10k-images-idx3-ubyte#0", "t10k-images-idx3-ubyte#1"], dataset.Entries.Select(e => e.Id));
    }

    [Fact]
    public void Open_ClassesFile_GivesClassNames()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 1, 2, 2, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("x-labels-idx1-ubyte"), [1], gzip: false);
        File.WriteAllText(folder.Path("classes.txt"), "shirt\nshoe\n");

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["shirt", "shoe"], dataset.ClassNames);
    }

    [Fact]
    public void Open_BadMagic_ThrowsNamingTheFile()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 1, 2, 2, gzip: false, magic: 0x00000801);
        Fixtures.WriteIdxLabels(folder.Path("x-labels-idx1-ubyte"), [1], gzip: false);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("x-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CountMismatch_ThrowsNamingBothFiles()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 3, 2, 2, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("x-labels-idx1-ubyte"), [1, 2], gzip: false);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("3 images", error.Message, StringComparison.Ordinal);
        Assert.Contains("x-labels-idx1-ubyte holds 2 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingLabels_ThrowsNamingTheExpectedFile()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 1, 2, 2, gzip: false);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("x-labels-idx1-ubyte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedImages_Throws()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 2, 2, 2, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("x-labels-idx1-ubyte"), [1, 2], gzip: false);
        using (var stream = File.OpenWrite(folder.Path("x-images-idx3-ubyte")))
        {
            stream.SetLength(20);
        }

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GrayscaleResizeCropAndOffset_Apply()
    {
        Fixtures.WriteIdxImages(folder.Path("x-images-idx3-ubyte"), 3, 8, 8, gzip: false);
        Fixtures.WriteIdxLabels(folder.Path("x-labels-idx1-ubyte"), [1, 2, 3], gzip: false);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Grayscale = true, Resize = 16, Crop = 12, Offset = 1 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(new Imaging.ImageShape(1, 12, 12), dataset.Shape);
        Assert.Equal(["x-images-idx3-ubyte#1", "x-images-idx3-ubyte#2"], dataset.Entries.Select(e => e.Id));
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }
}
