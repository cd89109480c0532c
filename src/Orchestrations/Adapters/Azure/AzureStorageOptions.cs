namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// How to reach the storage account, in the Azure SDK's conventions: either a
/// <see cref="ConnectionString"/> (Azurite, shared keys, SAS) or the service endpoints
/// (<see cref="BlobServiceUri"/>, <see cref="QueueServiceUri"/>, <see cref="TableServiceUri"/>, or just
/// <see cref="AccountName"/> for the public cloud) with a token credential (managed identity,
/// DefaultAzureCredential) and no key anywhere.
/// </summary>
public sealed record AzureStorageOptions
{
    /// <summary>The default setting name (the Functions host's storage connection).</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public string? ConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }

    public Uri? QueueServiceUri { get; init; }

    public Uri? TableServiceUri { get; init; }

    /// <summary>The account name; gives the public-cloud endpoints of services whose URI is not set.</summary>
    public string? AccountName { get; init; }

    /// <summary>Managed identity client id for the token credential (user-assigned identities).</summary>
    public string? ClientId { get; init; }

    /// <summary>True when a connection string is given.</summary>
    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>
    /// Reads the options of connection <paramref name="connectionName"/> from settings the way the
    /// Functions host and Microsoft.Extensions.Azure do: the setting <c>NAME</c> itself is a connection
    /// string; otherwise <c>NAME__blobServiceUri</c>, <c>NAME__queueServiceUri</c>,
    /// <c>NAME__tableServiceUri</c>, <c>NAME__accountName</c>, <c>NAME__clientId</c> (':' works as well as '__').
    /// </summary>
    /// <param name="lookup">A setting by name (environment variables, IConfiguration), or null when unset.</param>
    /// <returns>The options, or null when the connection is not configured at all.</returns>
    public static AzureStorageOptions? FromSettings(Func<string, string?> lookup, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        string? Get(string key) =>
            NonEmpty(lookup($"{connectionName}__{key}")) ?? NonEmpty(lookup($"{connectionName}:{key}"));

        var connectionString = NonEmpty(lookup(connectionName)) ?? Get("connectionString");
        if (connectionString is not null)
        {
            return new AzureStorageOptions { ConnectionString = connectionString };
        }

        var options = new AzureStorageOptions
        {
            BlobServiceUri = UriOrNull(Get("blobServiceUri"), "blobServiceUri"),
            QueueServiceUri = UriOrNull(Get("queueServiceUri"), "queueServiceUri"),
            TableServiceUri = UriOrNull(Get("tableServiceUri"), "tableServiceUri"),
            AccountName = Get("accountName"),
            ClientId = Get("clientId"),
        };
        return options.BlobServiceUri is null && options.QueueServiceUri is null && options.TableServiceUri is null && options.AccountName is null
            ? null
            : options;
    }

    /// <summary>The blob, queue and table endpoints (explicit URIs, else the account's public-cloud ones).</summary>
    /// <exception cref="InvalidOperationException">An endpoint is neither given nor derivable from <see cref="AccountName"/>.</exception>
    public (Uri Blob, Uri Queue, Uri Table) ResolveEndpoints() =>
        (BlobServiceUri ?? FromAccount("blob"), QueueServiceUri ?? FromAccount("queue"), TableServiceUri ?? FromAccount("table"));

    private Uri FromAccount(string service) =>
        string.IsNullOrWhiteSpace(AccountName)
            ? throw new InvalidOperationException(
                $"storage options name no {service} endpoint: set ConnectionString, or {char.ToUpperInvariant(service[0])}{service[1..]}ServiceUri (or AccountName).")
            : new Uri($"https://{AccountName}.{service}.core.windows.net/");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? UriOrNull(string? value, string key) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri
        : throw new FormatException($"storage setting {key} is not an absolute URI: '{value}'.");
}
