using CloudFreq.Core.Data;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data;

public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly DatasetOpener opener = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Open_ClassFolders_ListsByClassThenOrdinalFileName()
    {
        Fixtures.WriteImage(folder.Path("dog", "b.png"), 4, 3, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("dog", "A.png"), 4, 3, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("cat", "z.PNG"), 4, 3, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("cat", "sub", "a.jpg"), 4, 3, SKEncodedImageFormat.Jpeg);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Equal(DatasetFormat.ImageFolder, dataset.Format);
        Assert.Equal(["cat", "dog"], dataset.ClassNames);
        Assert.Equal(
            [new("cat/sub/a.jpg", 0), new("cat/z.PNG", 0), new("dog/A.png", 1), new("dog/b.png", 1)],
            dataset.Entries);
        Assert.Equal(new Imaging.ImageShape(3, 3, 4), dataset.Shape);
        Assert.Equal(System.IO.Path.GetFileName(folder.Root), dataset.Name);
    }

    [Fact]
    public void Open_NonImageFiles_AreCountedAsIgnored()
    {
        Fixtures.WriteImage(folder.Path("cat", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        File.WriteAllText(folder.Path("cat", "notes.txt"), "x");
        File.WriteAllText(folder.Path("cat", ".DS_Store"), "x");
        File.WriteAllText(folder.Path("manifest.csv"), "x");

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        Assert.Single(dataset.Entries);
        Assert.Equal(3, dataset.IgnoredFiles);
    }

    [Fact]
    public void Open_ClassNamesGiven_FoldersTakeTheirIndices()
    {
        Fixtures.WriteImage(folder.Path("cat", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("dog", "a.png"), 2, 2, SKEncodedImageFormat.Png);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { ClassNames = ["dog", "bird", "cat"] });

        Assert.Equal([new("dog/a.png", 0), new("cat/a.png", 2)], dataset.Entries);
        Assert.Equal(["dog", "bird", "cat"], dataset.ClassNames);
    }

    [Fact]
    public void Open_FolderNotInClassNames_ThrowsNamingTheFolder()
    {
        Fixtures.WriteImage(folder.Path("cat", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("horse", "a.png"), 2, 2, SKEncodedImageFormat.Png);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions { ClassNames = ["cat"] }));

        Assert.Contains("'horse'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("bmp")]
    [InlineData("webp")]
    public void Load_LosslessFormats_GiveExactPixelsOver255(string extension)
    {
        var path = folder.Path("c", "img." + extension);
        switch (extension)
        {
            case "png": Fixtures.WriteImage(path, 5, 3, SKEncodedImageFormat.Png, seed: 4); break;
            case "bmp": Fixtures.WriteBmp(path, 5, 3, seed: 4); break;
            default: Fixtures.WriteWebpLossless(path, 5, 3, seed: 4); break;
        }

        using var dataset = opener.Open(folder.Root, new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(new Imaging.ImageShape(3, 3, 5), dataset.Shape);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                var (r, g, b) = Fixtures.Pattern(x, y, 4);
                Assert.Equal(r / 255f, image[(0 * 15) + (y * 5) + x]);
                Assert.Equal(g / 255f, image[(1 * 15) + (y * 5) + x]);
                Assert.Equal(b / 255f, image[(2 * 15) + (y * 5) + x]);
            }
        }
    }

    [Fact]
    public void Load_Jpeg_IsCloseToTheEncodedPixels()
    {
        Fixtures.WriteGradientJpeg(folder.Path("c", "img.jpeg"), 16);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        var error = 0.0;
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                error += Math.Abs(image[(y * 16) + x] - (x * 8 / 255.0));
                error += Math.Abs(image[256 + (y * 16) + x] - (y * 8 / 255.0));
            }
        }

        Assert.InRange(error / 512, 0, 3 / 255.0);
    }

    [Fact]
    public void Load_Grayscale_GivesOneChannelOfBt601Luma()
    {
        Fixtures.WriteImage(folder.Path("c", "img.png"), 3, 2, SKEncodedImageFormat.Png, seed: 1);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Grayscale = true });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(new Imaging.ImageShape(1, 2, 3), dataset.Shape);
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                var (r, g, b) = Fixtures.Pattern(x, y, 1);
                var luma = ((0.299 * r) + (0.587 * g) + (0.114 * b)) / 255;
                Assert.Equal(luma, image[(y * 3) + x], 1e-6);
            }
        }
    }

    [Fact]
    public void Load_GraySourceImage_GivesThreeEqualChannels()
    {
        Fixtures.WriteGrayPng(folder.Path("c", "gray.png"), 4, 2);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(3, dataset.Shape.Channels);
        for (var i = 0; i < 8; i++)
        {
            var expected = (byte)(((i % 4) * 20) + ((i / 4) * 3)) / 255f;
            Assert.Equal(expected, image[i]);
            Assert.Equal(expected, image[8 + i]);
            Assert.Equal(expected, image[16 + i]);
        }
    }

    [Fact]
    public void Load_TruncatedImage_ThrowsImageLoadExceptionNamingTheId()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 8, 8, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("c", "b.jpg"), 64, 64, SKEncodedImageFormat.Jpeg, quality: 90);
        var path = folder.Path("c", "b.jpg");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Crop = 8 });
        var image = new float[dataset.Shape.Length];

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(1, image));
        Assert.Equal("c/b.jpg", error.ImageId);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageFile_ThrowsImageLoadException()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 2, 2, SKEncodedImageFormat.Png);
        File.WriteAllText(folder.Path("c", "b.png"), "this is not a png");

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(1, new float[dataset.Shape.Length]));
        Assert.Equal("c/b.png", error.ImageId);
    }

    [Fact]
    public void Load_ImageOfAnotherSize_ThrowsSuggestingResizeAndCrop()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 4, 4, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("c", "b.png"), 6, 4, SKEncodedImageFormat.Png);

        using var dataset = opener.Open(folder.Root, new DatasetOptions());

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(1, new float[dataset.Shape.Length]));
        Assert.Contains("6x4", error.Message, StringComparison.Ordinal);
        Assert.Contains("--resize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CropOnly_TakesTheCenterWindow()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 7, 5, SKEncodedImageFormat.Png, seed: 2);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Crop = 3 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        // top = round((5 - 3) / 2) = 1, left = round((7 - 3) / 2) = 2
        Assert.Equal(new Imaging.ImageShape(3, 3, 3), dataset.Shape);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                var (_, g, _) = Fixtures.Pattern(x + 2, y + 1, 2);
                Assert.Equal(g / 255f, image[9 + (y * 3) + x]);
            }
        }
    }

    [Fact]
    public void Open_ResizeAndCrop_ShapeFromCropAndLoadsFit()
    {
        Fixtures.WriteImage(folder.Path("c", "wide.png"), 40, 30, SKEncodedImageFormat.Png);
        Fixtures.WriteImage(folder.Path("c", "tall.png"), 20, 50, SKEncodedImageFormat.Png);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Resize = 20, Crop = 16 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);
        dataset.Load(1, image);

        Assert.Equal(new Imaging.ImageShape(3, 16, 16), dataset.Shape);
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Open_ResizeOnly_ShapeFromTheFirstHeader()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 40, 30, SKEncodedImageFormat.Png);

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Resize = 20 });

        // Shorter side 30 -> 20, longer side int(20 * 40 / 30) = 26.
        Assert.Equal(new Imaging.ImageShape(3, 20, 26), dataset.Shape);
    }

    [Fact]
    public void Open_OffsetAndLimit_WindowTheStableOrder()
    {
        for (var i = 0; i < 5; i++)
        {
            Fixtures.WriteImage(folder.Path("c", $"{i}.png"), 2, 2, SKEncodedImageFormat.Png, seed: i);
        }

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Offset = 1, Limit = 2 });
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(["c/1.png", "c/2.png"], dataset.Entries.Select(e => e.Id));
        Assert.Equal(Fixtures.Pattern(0, 0, 1).R / 255f, image[0]);
    }

    [Fact]
    public void Open_OffsetBeyondTheEnd_Throws()
    {
        Fixtures.WriteImage(folder.Path("c", "a.png"), 2, 2, SKEncodedImageFormat.Png);

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions { Offset = 1 }));

        Assert.Contains("offset 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ClassFoldersWithoutImages_ThrowsEmpty()
    {
        File.WriteAllText(folder.Path("c", "readme.txt"), "x");

        var error = Assert.Throws<CloudFreqException>(() => opener.Open(folder.Root, new DatasetOptions()));

        Assert.Contains("no images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InParallel_MatchesSequentialLoads()
    {
        for (var i = 0; i < 24; i++)
        {
            Fixtures.WriteImage(folder.Path("c", $"{i:D2}.png"), 9, 7, SKEncodedImageFormat.Png, seed: i);
        }

        using var dataset = opener.Open(folder.Root, new DatasetOptions { Resize = 5 });
        var sequential = Enumerable.Range(0, 24).Select(i =>
        {
            var image = new float[dataset.Shape.Length];
            dataset.Load(i, image);
            return image;
        }).ToArray();
        var parallel = new float[24][];
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            parallel[i] = new float[dataset.Shape.Length];
            dataset.Load(i, parallel[i]);
        });

        for (var i = 0; i < 24; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }
}
