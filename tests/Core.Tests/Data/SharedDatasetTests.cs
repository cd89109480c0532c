using System.Globalization;
using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

/// <summary>The readers against the real datasets in ../shared/data.</summary>
public sealed class SharedDatasetTests : IDisposable
{
    private static readonly string[] Cifar10Classes =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private readonly TempFolder cache = new();
    private readonly DatasetOpener opener;

    public SharedDatasetTests() => opener = new DatasetOpener(cache.Root);

    public void Dispose() => cache.Dispose();

    [Fact]
    public void Open_CifarLosslessBinary_LabelsMatchTheTestLabelsAndNamesComeFromThePickle()
    {
        using var dataset = opener.Open(SharedData.Path("data", "cifar10-test-lossless"), new DatasetOptions());
        var expected = File.ReadAllLines(SharedData.Path("data", "cifar10-test-lossless", "test_labels_10000.txt"))
            .Take(846)
            .Select(l => int.Parse(l, CultureInfo.InvariantCulture));

        Assert.Equal(DatasetFormat.CifarBinary, dataset.Format);
        Assert.Equal(846, dataset.Entries.Count);
        Assert.Equal(expected, dataset.Entries.Select(e => e.Label));
        Assert.Equal("cifar10_test_first846.bin#845", dataset.Entries[845].Id);
        Assert.Equal(Cifar10Classes, dataset.ClassNames);
        Assert.Equal(new Imaging.ImageShape(3, 32, 32), dataset.Shape);
    }

    [Fact]
    public void Load_CifarBinaryAgainstJpegSet_DifferByAboutSixLevels()
    {
        const int Count = 20;
        using var binary = opener.Open(SharedData.Path("data", "cifar10-test-lossless"), new DatasetOptions { Limit = Count });
        using var jpegs = opener.Open(SharedData.Path("data", "cifar10-test"), new DatasetOptions());
        var indexOfId = jpegs.Entries.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var manifest = File.ReadLines(SharedData.Path("data", "cifar10-test", "manifest.csv"))
            .Skip(1)
            .Take(Count)
            .Select(line => line.Split(','))
            .ToArray();
        var exact = new float[binary.Shape.Length];
        var lossy = new float[jpegs.Shape.Length];

        var total = 0.0;
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), manifest[i][0]);
            var jpegIndex = indexOfId[manifest[i][3]["test/".Length..]];
            Assert.Equal(binary.Entries[i].Label, jpegs.Entries[jpegIndex].Label);
            binary.Load(i, exact);
            jpegs.Load(jpegIndex, lossy);
            for (var k = 0; k < exact.Length; k++)
            {
                total += Math.Abs(exact[k] - lossy[k]);
            }
        }

        var meanAbsoluteLevels = total / (Count * exact.Length) * 255;
        Assert.InRange(meanAbsoluteLevels, 2, 10);
    }

    [Fact]
    public void Open_MnistFolder_ReadsTheGzipTestSet()
    {
        using var dataset = opener.Open(SharedData.Path("data", "mnist"), new DatasetOptions());
        var image = new float[dataset.Shape.Length];
        dataset.Load(0, image);

        Assert.Equal(DatasetFormat.Idx, dataset.Format);
        Assert.Equal(10_000, dataset.Entries.Count);
        Assert.Equal([7, 2, 1, 0, 4], dataset.Entries.Take(5).Select(e => e.Label));
        Assert.Equal("t10k-images-idx3-ubyte.gz#0", dataset.Entries[0].Id);
        Assert.Equal(new Imaging.ImageShape(1, 28, 28), dataset.Shape);
        Assert.Equal(0f, image[0]); // MNIST borders are black
        Assert.Equal(1f, image.Max()); // and strokes reach full white
    }

    [Fact]
    public void Open_CifarJpegFolder_ListsTenThousandInClassOrder()
    {
        using var dataset = opener.Open(SharedData.Path("data", "cifar10-test"), new DatasetOptions());

        Assert.Equal(DatasetFormat.ImageFolder, dataset.Format);
        Assert.Equal(10_000, dataset.Entries.Count);
        Assert.Equal(Cifar10Classes, dataset.ClassNames);
        Assert.Equal(1, dataset.IgnoredFiles); // manifest.csv
        Assert.Equal("airplane/0000.jpg", dataset.Entries[0].Id);
        Assert.Equal(new DatasetEntry("truck/0999.jpg", 9), dataset.Entries[^1]);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 1000)), dataset.Entries.Select(e => e.Label));
        Assert.Equal(new Imaging.ImageShape(3, 32, 32), dataset.Shape);
    }

    [Fact]
    public void Open_ImagenetSample_ResizeAndCropGive224()
    {
        using var dataset = opener.Open(
            SharedData.Path("data", "imagenet-sample"),
            new DatasetOptions { LabelColumn = "index", Resize = 256, Crop = 224, Limit = 3 });
        var image = new float[dataset.Shape.Length];
        for (var i = 0; i < dataset.Entries.Count; i++)
        {
            dataset.Load(i, image);
        }

        Assert.Equal(DatasetFormat.LabelsCsv, dataset.Format);
        Assert.Equal(new Imaging.ImageShape(3, 224, 224), dataset.Shape);
        Assert.Equal([new("n01440764_tench.JPEG", 0), new("n01496331_electric_ray.JPEG", 5), new("n01530575_brambling.JPEG", 10)], dataset.Entries);
        Assert.Equal(996, dataset.ClassNames.Count);
        Assert.Equal(1, dataset.IgnoredFiles); // SOURCE-README.md
        Assert.InRange(image.Average(), 0.05, 0.95);
    }
}
