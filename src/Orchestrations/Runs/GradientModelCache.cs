using CloudFreq.Core.Attacks;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Keeps the gradient models (the plain model and its blur-defended variants, each with its lazily
/// built loss-gradient sessions) of the most recently used models. Built only when an analysis asks:
/// runs without attack analyses never build a gradient graph.
/// </summary>
public sealed class GradientModelCache(SessionFactory sessions, int capacity = 16) : IDisposable
{
    private readonly LinkedList<(string Key, OnnxGradientModel Model)> _entries = new();

    /// <summary>The differentiable forms of <paramref name="model"/>, built on first use.</summary>
    public IGradientModelSource For(PreparedModel model) => new Source(this, model);

    public void Dispose()
    {
        foreach (var (_, model) in _entries)
        {
            model.Dispose();
        }

        _entries.Clear();
    }

    private OnnxGradientModel Get(PreparedModel model, double? blurSigma)
    {
        var key = $"{model.Sha256}|{model.Name}|{blurSigma?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "plain"}";
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Key == key)
            {
                _entries.Remove(node);
                _entries.AddFirst(node);
                return node.Value.Model;
            }
        }

        var batch = Math.Min(sessions.Options.BatchSize, model.MaxBatch);
        var created = OnnxGradientModel.Create(OnnxModelFile.FromBytes(model.RunnableBytes, model.Name), model.Card.Card, sessions, batch, blurSigma);
        _entries.AddFirst((key, created));
        while (_entries.Count > Math.Max(1, capacity))
        {
            _entries.Last!.Value.Model.Dispose();
            _entries.RemoveLast();
        }

        return created;
    }

    private sealed class Source(GradientModelCache cache, PreparedModel model) : IGradientModelSource
    {
        public IGradientModel Get(double? blurSigma = null) => cache.Get(model, blurSigma);
    }
}
