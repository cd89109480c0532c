using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Orchestrations.Adapters.Memory;

/// <summary>The cloud run's ports in memory (tests, a single-process host), with the queue names of <see cref="CloudNames"/>.</summary>
public static class MemoryCloudPorts
{
    /// <param name="time">The clock of the queues' visibility timeouts (a fake one in tests); the system clock by default.</param>
    public static CloudPorts Create(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return new CloudPorts(
            new InMemoryBlobStore(),
            new InMemoryWorkQueue(CloudNames.TriggerQueue, time),
            new InMemoryWorkQueue(CloudNames.ControlQueue, time),
            new InMemoryWorkQueue(CloudNames.ItemsQueue, time),
            new InMemoryWorkQueue(CloudNames.PoisonQueue, time),
            new InMemoryRunStore());
    }
}
