using Azure.Core;
using Azure.Storage.Blobs;
using CloudFreq.Cli.Commands;
using CloudFreq.Core;
using CloudFreq.Infra.Tests;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Adapters.Local;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary>
/// What a <c>--storage</c> value opens: a folder, a connection string, or an https endpoint reached
/// with an identity (the deployed account has shared keys off). The endpoint is a closed loopback
/// port and the credential a fake that records its token requests, so nothing leaves the machine.
/// </summary>
public sealed class BlobStoresTests
{
    [Fact]
    public async Task HttpsEndpoint_UsesTheCredentialForStorageTokens_AndNoKey()
    {
        var credential = new RecordingCredential();
        var endpoint = $"https://127.0.0.1:{RecordingCredential.ClosedLoopbackPort()}/acct";
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;

        var store = BlobStores.Open(endpoint, () => credential, options);

        Assert.IsType<AzureBlobStore>(store);
        Assert.Empty(credential.Scopes);
        await Assert.ThrowsAnyAsync<Exception>(() => store.ReadAsync("datasets/cats/run.json"));
        Assert.NotEmpty(credential.Scopes);
        Assert.All(credential.Scopes, s => Assert.Equal("https://storage.azure.com/.default", s));
    }

    [Fact]
    public void PlainHttpEndpoint_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<CloudFreqException>(() => BlobStores.Open("http://acct.blob.core.windows.net", () => new RecordingCredential()));
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_AndFolder_DoNotAskForACredential()
    {
        Func<TokenCredential> none = () => throw new InvalidOperationException("no credential wanted");
        Assert.IsType<AzureBlobStore>(BlobStores.Open("UseDevelopmentStorage=true", none));
        Assert.IsType<LocalFolderBlobStore>(BlobStores.Open(Path.GetTempPath(), none));
        var error = Assert.Throws<CloudFreqException>(() => BlobStores.Open("not a connection string", none));
        Assert.StartsWith("--storage:", error.Message, StringComparison.Ordinal);
    }
}
