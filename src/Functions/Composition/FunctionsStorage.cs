using CloudFreq.Core;
using CloudFreq.Orchestrations.Hosting;

namespace CloudFreq.Functions.Composition;

/// <summary>
/// The storage account of the Functions app, read the way the Functions host reads
/// <c>AzureWebJobsStorage</c>: a connection string, or identity-based settings
/// (<c>AzureWebJobsStorage__accountName</c>, or <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and
/// <c>__tableServiceUri</c>), so the blobs and the task hub always share one account.
/// </summary>
public static class FunctionsStorage
{
    public const string Setting = "AzureWebJobsStorage";

    public static StorageConnection Resolve(Func<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings(Setting) is { Length: > 0 } connectionString)
        {
            return StorageConnection.FromConnectionString(connectionString);
        }

        if (settings($"{Setting}__accountName") is { Length: > 0 } account)
        {
            return StorageConnection.FromAccountName(account);
        }

        var blob = settings($"{Setting}__blobServiceUri");
        var queue = settings($"{Setting}__queueServiceUri");
        var table = settings($"{Setting}__tableServiceUri");
        if (blob is { Length: > 0 } && queue is { Length: > 0 } && table is { Length: > 0 })
        {
            return StorageConnection.FromEndpoints(ParseUri(blob, "blobServiceUri"), ParseUri(queue, "queueServiceUri"), ParseUri(table, "tableServiceUri"));
        }

        throw new CloudFreqException(
            $"{Setting}: no storage account configured. Set {Setting} to a connection string (UseDevelopmentStorage=true for Azurite), "
            + $"or {Setting}__accountName for an identity-based connection, or all three of {Setting}__blobServiceUri, __queueServiceUri and __tableServiceUri.");
    }

    private static Uri ParseUri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new CloudFreqException($"{Setting}__{name}: '{value}' is not an absolute URI.");
}
