using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>A run spec with its datasets opened, its models read and its analyses resolved.</summary>
public sealed record PreparedRun(
    RunSpec Spec,
    string Fingerprint,
    IReadOnlyList<PreparedDataset> Datasets,
    IReadOnlyList<PreparedModel> Models,
    IReadOnlyList<IAnalysis> Analyses,
    IReadOnlyList<string> Warnings) : IDisposable
{
    public void Dispose()
    {
        foreach (var dataset in Datasets)
        {
            dataset.Dataset.Dispose();
        }
    }
}

/// <summary>An opened dataset of a run.</summary>
public sealed record PreparedDataset(string Name, IImageDataset Dataset)
{
    private readonly Lazy<Dictionary<string, int>> _indexById = new(() =>
    {
        var index = new Dictionary<string, int>(Dataset.Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < Dataset.Entries.Count; i++)
        {
            index.TryAdd(Dataset.Entries[i].Id, i);
        }

        return index;
    });

    /// <summary>The index of an image id in the dataset's stable order.</summary>
    public int IndexOf(string id) => _indexById.Value.TryGetValue(id, out var index)
        ? index
        : throw new CloudFreq.Core.CloudFreqException($"{Dataset.Source}: image '{id}' named by a work item is not in the dataset.");
}

/// <summary>
/// A model of a run: identity (path and SHA-256 of its bytes), card, and the bytes ONNX Runtime
/// runs (the batch dimension possibly rewritten), with how it is batched.
/// </summary>
public sealed record PreparedModel(
    string Name,
    string Path,
    string Sha256,
    ResolvedModelCard Card,
    byte[] RunnableBytes,
    int MaxBatch,
    string Batching);
