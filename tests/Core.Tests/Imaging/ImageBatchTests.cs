using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.ImageBatches;

public class ImageBatchTests
{
    [Fact]
    public void Image_AddressesContiguousChwSlices()
    {
        using var batch = new ImageBatch(new ImageShape(3, 4, 5), capacity: 4);
        batch.SetCount(2);
        batch.Image(1).Fill(0.5f);
        batch.Image(0).Fill(0.25f);

        Assert.Equal(2 * 60, batch.Pixels.Length);
        Assert.Equal(0.25f, batch.Pixels[59]);
        Assert.Equal(0.5f, batch.Pixels[60]);
    }

    [Fact]
    public void SetCount_BeyondCapacity_Throws()
    {
        using var batch = new ImageBatch(new ImageShape(1, 2, 2), capacity: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.SetCount(3));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var batch = new ImageBatch(new ImageShape(1, 2, 2), capacity: 2);
        batch.Dispose();
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Image(0).Length);
    }
}
