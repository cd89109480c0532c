using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>A cloud run as a worker holds it: prepared from its staged inputs, and planned.</summary>
/// <param name="Run">The prepared run; its spec, model paths and fingerprint are the cloud ones (blob names), the same on every worker.</param>
public sealed class CloudPreparedRun(PreparedRun run, IReadOnlyList<WorkItem> items) : IDisposable
{
    private readonly Dictionary<string, WorkItem> _byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);

    public PreparedRun Run { get; } = run;

    public IReadOnlyList<WorkItem> Items { get; } = items;

    public WorkItem? Find(string itemId) => _byId.GetValueOrDefault(itemId);

    public void Dispose() => Run.Dispose();
}
