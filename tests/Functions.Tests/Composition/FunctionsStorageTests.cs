using CloudFreq.Core;
using CloudFreq.Functions.Composition;

namespace CloudFreq.Functions.Tests.Composition;

/// <summary>The app's storage comes from the Functions host's own AzureWebJobsStorage settings, so blobs and the task hub share one account.</summary>
public sealed class FunctionsStorageTests
{
    [Fact]
    public void ConnectionString_IsUsedAsItIs()
    {
        var storage = FunctionsStorage.Resolve(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.Equal("UseDevelopmentStorage=true", storage.ConnectionString);
    }

    [Fact]
    public void AccountName_GivesTheIdentityBasedEndpoints()
    {
        var storage = FunctionsStorage.Resolve(Settings(("AzureWebJobsStorage__accountName", "cloudfreqdata")));
        Assert.True(storage.UsesIdentity);
        Assert.Equal(
            (new Uri("https://cloudfreqdata.blob.core.windows.net"), new Uri("https://cloudfreqdata.queue.core.windows.net"), new Uri("https://cloudfreqdata.table.core.windows.net")),
            (storage.BlobEndpoint, storage.QueueEndpoint, storage.TableEndpoint));
    }

    [Fact]
    public void ServiceUris_AreUsedTogether()
    {
        var storage = FunctionsStorage.Resolve(Settings(
            ("AzureWebJobsStorage__blobServiceUri", "https://b.example.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://q.example.net"),
            ("AzureWebJobsStorage__tableServiceUri", "https://t.example.net")));
        Assert.Equal(new Uri("https://q.example.net"), storage.QueueEndpoint);
    }

    [Fact]
    public void Nothing_IsAClearError_NamingTheSetting()
    {
        var error = Assert.Throws<CloudFreqException>(() => FunctionsStorage.Resolve(Settings(("AzureWebJobsStorage__blobServiceUri", "https://b.example.net"))));
        Assert.Contains("AzureWebJobsStorage", error.Message);
        Assert.Contains("__accountName", error.Message);
    }

    [Fact]
    public void ARelativeServiceUri_IsRefused_NamingIt()
    {
        var error = Assert.Throws<CloudFreqException>(() => FunctionsStorage.Resolve(Settings(
            ("AzureWebJobsStorage__blobServiceUri", "b.example.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://q.example.net"),
            ("AzureWebJobsStorage__tableServiceUri", "https://t.example.net"))));
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message);
    }

    private static Func<string, string?> Settings(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
