using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>The cloud run's ports over one storage account, with the names of <see cref="CloudNames"/>.</summary>
public static class AzureCloudPorts
{
    /// <summary>
    /// Blob store, the trigger/control/items/poison queues and the run store of one account.
    /// </summary>
    /// <param name="clients">The account's service clients (<see cref="AzureStorageClients"/>).</param>
    /// <param name="namePrefix">
    /// Put before every container, queue and table name, so that several deployments or tests can
    /// share one account: lower-case letters and digits starting with a letter, at most 16 characters; empty (the default)
    /// gives the names of <see cref="CloudNames"/> as they are.
    /// </param>
    public static CloudPorts Create(AzureStorageClients clients, string namePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(namePrefix);
        if (namePrefix.Length > 16 || (namePrefix.Length > 0 && !char.IsAsciiLetterLower(namePrefix[0])) || !namePrefix.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'))
        {
            throw new ArgumentException($"name prefix '{namePrefix}' must be at most 16 lower-case letters and digits, starting with a letter.", nameof(namePrefix));
        }

        AzureWorkQueue Queue(string name) => new(clients.Queues.GetQueueClient(namePrefix + name));
        return new CloudPorts(
            new AzureBlobStore(clients.Blobs, namePrefix),
            Queue(CloudNames.TriggerQueue),
            Queue(CloudNames.ControlQueue),
            Queue(CloudNames.ItemsQueue),
            Queue(CloudNames.PoisonQueue),
            new AzureRunStore(clients.Tables, namePrefix + CloudNames.RunsTable, namePrefix + CloudNames.ItemsTable));
    }
}
