using CloudFreq.Core;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>
/// How the host reaches its storage account: a connection string (<c>--storage</c> or
/// <c>CLOUDFREQ_STORAGE</c>; <c>UseDevelopmentStorage=true</c> for Azurite), or service endpoints
/// with an identity (<c>CLOUDFREQ_STORAGE_ACCOUNT</c>, or <c>CLOUDFREQ_STORAGE_BLOB_ENDPOINT</c>,
/// <c>..._QUEUE_ENDPOINT</c>, <c>..._TABLE_ENDPOINT</c>). Endpoints are the seam for issue 8: the
/// Azure adapters then authenticate with <c>DefaultAzureCredential</c> instead of an account key.
/// </summary>
public sealed record StorageConnection
{
    public const string ConnectionStringKey = "CLOUDFREQ_STORAGE";
    public const string AccountKey = "CLOUDFREQ_STORAGE_ACCOUNT";
    public const string BlobEndpointKey = "CLOUDFREQ_STORAGE_BLOB_ENDPOINT";
    public const string QueueEndpointKey = "CLOUDFREQ_STORAGE_QUEUE_ENDPOINT";
    public const string TableEndpointKey = "CLOUDFREQ_STORAGE_TABLE_ENDPOINT";

    private StorageConnection()
    {
    }

    /// <summary>The connection string, or null when the endpoints (and an identity) are used.</summary>
    public string? ConnectionString { get; private init; }

    public Uri? BlobEndpoint { get; private init; }

    public Uri? QueueEndpoint { get; private init; }

    public Uri? TableEndpoint { get; private init; }

    /// <summary>True when the adapters must authenticate with a token credential (DefaultAzureCredential, issue 8).</summary>
    public bool UsesIdentity => ConnectionString is null;

    public static StorageConnection FromConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CloudFreqException("--storage: the connection string is empty.");
        }

        return new StorageConnection { ConnectionString = connectionString.Trim() };
    }

    public static StorageConnection FromEndpoints(Uri blob, Uri queue, Uri table)
    {
        foreach (var (uri, name) in new[] { (blob, BlobEndpointKey), (queue, QueueEndpointKey), (table, TableEndpointKey) })
        {
            if (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http"))
            {
                throw new CloudFreqException($"{name}: '{uri}' is not an absolute http(s) URI.");
            }
        }

        return new StorageConnection { BlobEndpoint = blob, QueueEndpoint = queue, TableEndpoint = table };
    }

    /// <summary>The endpoints of an account in the public Azure cloud.</summary>
    public static StorageConnection FromAccountName(string account)
    {
        if (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
        {
            throw new CloudFreqException($"{AccountKey}: '{account}' is not a storage account name (3-24 lower-case letters and digits).");
        }

        return FromEndpoints(
            new Uri($"https://{account}.blob.core.windows.net"),
            new Uri($"https://{account}.queue.core.windows.net"),
            new Uri($"https://{account}.table.core.windows.net"));
    }

    /// <summary>
    /// The connection from an explicit value (<c>--storage</c>) or the settings; null when none is given.
    /// </summary>
    public static StorageConnection? Resolve(string? explicitConnection, Func<string, string?> setting)
    {
        if (!string.IsNullOrWhiteSpace(explicitConnection))
        {
            return FromConnectionString(explicitConnection);
        }

        if (setting(ConnectionStringKey) is { Length: > 0 } fromSettings)
        {
            return FromConnectionString(fromSettings);
        }

        if (setting(AccountKey) is { Length: > 0 } account)
        {
            return FromAccountName(account);
        }

        var blob = setting(BlobEndpointKey);
        var queue = setting(QueueEndpointKey);
        var table = setting(TableEndpointKey);
        if (blob is null && queue is null && table is null)
        {
            return null;
        }

        if (blob is null || queue is null || table is null)
        {
            throw new CloudFreqException($"{BlobEndpointKey}, {QueueEndpointKey} and {TableEndpointKey} must be set together.");
        }

        return FromEndpoints(ParseUri(blob, BlobEndpointKey), ParseUri(queue, QueueEndpointKey), ParseUri(table, TableEndpointKey));
    }

    /// <summary>Describes the connection without secrets (for logs).</summary>
    public override string ToString() => ConnectionString is { } cs
        ? "connection string" + (cs.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) ? " (development storage)" : string.Empty)
        : $"identity at {BlobEndpoint}";

    private static Uri ParseUri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new CloudFreqException($"{name}: '{value}' is not an absolute URI.");
}
