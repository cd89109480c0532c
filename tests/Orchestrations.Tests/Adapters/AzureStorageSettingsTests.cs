using Azure.Core;
using CloudFreq.Orchestrations.Adapters.Azure;

namespace CloudFreq.Orchestrations.Tests.Adapters;

public sealed class AzureStorageSettingsTests
{
    [Fact]
    public void ConnectionStringSettingWins()
    {
        var settings = new Dictionary<string, string?> { ["Storage"] = "UseDevelopmentStorage=true", ["Storage__blobServiceUri"] = "https://x.blob.core.windows.net" };
        var options = AzureStorageOptions.FromSettings(k => settings.GetValueOrDefault(k), "Storage")!;
        Assert.True(options.UsesConnectionString);
        Assert.Null(options.BlobServiceUri);
    }

    [Fact]
    public void IdentityBasedSettingsGiveEndpointsWithoutAConnectionString()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage__blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage__clientId"] = "11111111-2222-3333-4444-555555555555",
        };
        var options = AzureStorageOptions.FromSettings(k => settings.GetValueOrDefault(k))!;
        Assert.False(options.UsesConnectionString);
        Assert.Equal("11111111-2222-3333-4444-555555555555", options.ClientId);

        var clients = AzureStorageClients.Create(options, new FixedToken());
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), clients.Blobs.Uri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), clients.Queues.Uri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), clients.Tables.Uri);
        Assert.Equal("acct", clients.Blobs.AccountName);
    }

    [Fact]
    public void ClientOptionsAreConfiguredForAllThreeServices()
    {
        var configured = new List<Type>();
        var clients = AzureStorageClients.FromConnectionString("UseDevelopmentStorage=true", o =>
        {
            o.Retry.MaxRetries = 1;
            configured.Add(o.GetType());
        });
        Assert.Equal(3, configured.Distinct().Count());
        Assert.Equal("devstoreaccount1", clients.Queues.AccountName);
    }

    [Fact]
    public void AccountNameGivesThePublicEndpoints()
    {
        var options = AzureStorageOptions.FromSettings(k => k == "S__accountName" ? "acct" : null, "S")!;
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), options.ResolveEndpoints().Queue);
        Assert.NotNull(AzureStorageClients.Create(options, new FixedToken()).Tables);
    }

    [Fact]
    public void MissingSettingsAreNullAndIncompleteOnesAreExplained()
    {
        Assert.Null(AzureStorageOptions.FromSettings(_ => null));
        var partial = new AzureStorageOptions { BlobServiceUri = new Uri("https://a.blob.core.windows.net") };
        var error = Assert.Throws<InvalidOperationException>(() => partial.ResolveEndpoints());
        Assert.Contains("QueueServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AzureStorageOptions.FromSettings(k => k == "S__blobServiceUri" ? "not a uri" : null, "S"));
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
