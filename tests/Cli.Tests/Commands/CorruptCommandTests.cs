using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

public class CorruptCommandTests
{
    private static readonly string Samples = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");

    [Fact]
    public async Task Corrupt_TwoCorruptionsTwoSeverities_WritesAnImageFolderPerCondition()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync(
            "corrupt", "--data", Samples, "--out", temp.Path, "--limit", "20",
            "--corruption", "gaussian_noise", "contrast", "--severity", "1", "5");

        Assert.True(run.ExitCode == 0, run.Error);
        foreach (var corruption in new[] { "gaussian_noise", "contrast" })
        {
            foreach (var severity in new[] { "1", "5" })
            {
                var files = Directory.GetFiles(temp.Combine(corruption, severity), "*.png", SearchOption.AllDirectories);
                Assert.Equal(20, files.Length);
            }
        }

        Assert.Contains("wrote 80 images (cifar10-c preset)", run.Output, StringComparison.Ordinal);
        // Class folders come from the dataset's class names, so the output is itself an ImageFolder dataset.
        Assert.True(Directory.Exists(temp.Combine("contrast", "5", "Ankle_boot")));
    }

    [Fact]
    public async Task Corrupt_SameSeedTwice_WritesIdenticalNoise_OtherSeedDiffers()
    {
        using var temp = new TempFolder();
        string[] Args(string dir, string seed) =>
            ["corrupt", "--data", Samples, "--out", temp.Combine(dir), "--limit", "3", "--corruption", "gaussian_noise", "--severity", "5", "--seed", seed];

        await CliRun.InvokeAsync(Args("a", "1"));
        await CliRun.InvokeAsync(Args("b", "1"));
        await CliRun.InvokeAsync(Args("c", "2"));

        var first = Directory.GetFiles(temp.Combine("a"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var relative = Path.GetRelativePath(temp.Combine("a"), first);
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(Path.Combine(temp.Combine("b"), relative)));
        Assert.NotEqual(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(Path.Combine(temp.Combine("c"), relative)));
    }

    [Fact]
    public async Task Corrupt_UnknownCorruption_ListsTheKnownOnes()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync("corrupt", "--data", Samples, "--out", temp.Path, "--corruption", "rain");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'rain' is unknown", run.Error, StringComparison.Ordinal);
        Assert.Contains("gaussian_noise", run.Error, StringComparison.Ordinal);
    }
}
