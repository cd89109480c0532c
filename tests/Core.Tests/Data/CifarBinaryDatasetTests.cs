using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

public sealed class CifarBinaryDatasetTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Open_Cifar10File_ReadsLabelsIdsAndExactPixels()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [6, 9, 3]);

        using var dataset = opener.Open(folder.Path("data_batch_1.bin"), new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(2, image);

        Assert.Equal(DatasetFormat.CifarBinary, dataset.Format);
        Assert.Equal([new("data_batch_1.bin#0", 6), new("data_batch_1.bin#1", 9), new("data_batch_1.bin#2", 3)], dataset.Entries);
        Assert.Equal(new Imaging.ImageShape(3, 32, 32), dataset.Shape);
        Assert.Equal("airplane", dataset.ClassNames[0]);
        Assert.Equal("truck", dataset.ClassNames[9]);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(Fixtures.CifarPixel(2, c, 5, 7) / 255f, image[(c * 1024) + (7 * 32) + 5]);
            Assert.Equal(Fixtures.CifarPixel(2, c, 31, 31) / 255f, image[(c * 1024) + 1023]);
        }
    }

    [Fact]
    public void Open_Cifar100File_UsesTheFineLabel()
    {
        Fixtures.WriteCifar(folder.Path("test.bin"), [57, 99], coarse: [4, 19]);

        using var dataset = opener.Open(folder.Path("test.bin"), new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(1, image);

        Assert.Equal([57, 99], dataset.Entries.Select(e => e.Label));
        Assert.Equal(100, dataset.ClassNames.Count);
        Assert.Equal(Fixtures.CifarPixel(1, 0, 0, 0) / 255f, image[0]);
    }

    [Fact]
    public void Open_UnnamedFile_DetectsCifar100BySize()
    {
        // Three records of 3074 bytes: 9222 is not a multiple of 3073.
        Fixtures.WriteCifar(folder.Path("mine.bin"), [10, 20, 30], coarse: [1, 2, 3]);

        using var dataset = opener.Open(folder.Path("mine.bin"), new DatasetOptions());

        Assert.Equal([10, 20, 30], dataset.Entries.Select(e => e.Label));
    }

    [Fact]
    public void Open_SizeNotAMultipleOfTheRecord_ThrowsNamingTheFile()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [1, 2]);
        using (var stream = File.OpenWrite(folder.Path("data_batch_1.bin")))
        {
            stream.SetLength(3073 + 100);
        }

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("data_batch_1.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("3073", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Directory_ReadsAllBatchesInOrdinalOrder()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_2.bin"), [2]);
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [1, 1]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["data_batch_1.bin#0", "data_batch_1.bin#1", "data_batch_2.bin#0"], dataset.Entries.Select(e => e.Id));
    }

    [Fact]
    public void Open_DirectoryWithTestBatch_ReadsOnlyTheTestBatch()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [1, 1]);
        Fixtures.WriteCifar(folder.Path("test_batch.bin"), [5]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal([new DatasetEntry("test_batch.bin#0", 5)], dataset.Entries);
    }

    [Fact]
    public void Open_MetaText_GivesClassNames()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [1]);
        File.WriteAllText(folder.Path("batches.meta.txt"), "a\nb\n\n");
        File.WriteAllBytes(folder.Path("batches.meta"), [0x80, 0x02, (byte)'N', (byte)'.']);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["a", "b"], dataset.ClassNames);
    }

    [Fact]
    public void Open_MetaPickle_GivesClassNames()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [1]);
        File.WriteAllBytes(
            folder.Path("batches.meta"),
            System.Text.Encoding.ASCII.GetBytes("(dp0\nVlabel_names\np1\n(lp2\nVx y\np3\naVz\np4\nasVnum\np5\nI3\ns."));

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["x y", "z"], dataset.ClassNames);
    }

    [Fact]
    public void Open_Cifar100MetaPickleWithBytesKeys_GivesFineNames()
    {
        Fixtures.WriteCifar(folder.Path("train.bin"), [1], coarse: [0]);
        File.WriteAllBytes(
            folder.Path("meta"),
            // pickle.dumps({b'fine_label_names': ['a', 'b']}, protocol=3)
            Convert.FromHexString("80037d7100431066696e655f6c6162656c5f6e616d657371015d7102285801000000617103580100000062710465732e"));

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(["a", "b"], dataset.ClassNames);
    }

    [Fact]
    public void Open_LabelBeyondClassNames_Throws()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [3]);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions { ClassNames = ["a", "b"] }));

        Assert.Contains("label 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Grayscale_GivesOneLumaChannel()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [0]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Grayscale = true });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(new Imaging.ImageShape(1, 32, 32), dataset.Shape);
        var luma = ((0.299 * Fixtures.CifarPixel(0, 0, 3, 4)) + (0.587 * Fixtures.CifarPixel(0, 1, 3, 4)) + (0.114 * Fixtures.CifarPixel(0, 2, 3, 4))) / 255;
        Assert.Equal(luma, image[(4 * 32) + 3], 1e-6);
    }

    [Fact]
    public void Load_ResizeAndCrop_ChangeTheShape()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [0]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Resize = 64, Crop = 56 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(new Imaging.ImageShape(3, 56, 56), dataset.Shape);
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Load_CropOnly_TakesTheCenter()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [0]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Crop = 28 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(Fixtures.CifarPixel(0, 1, 2, 2) / 255f, image[28 * 28]);
    }

    [Fact]
    public void Open_CropLargerThanTheImages_Throws()
    {
        Fixtures.WriteCifar(folder.Path("data_batch_1.bin"), [0]);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions { Crop = 40 }));

        Assert.Contains("crop 40", error.Message, StringComparison.Ordinal);
    }
}
