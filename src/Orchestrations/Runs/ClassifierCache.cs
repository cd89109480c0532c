using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Keeps the sessions of the most recently used models, so consecutive work items of one model
/// reuse one session. Sessions are expensive to create; items of a model are planned adjacently.
/// </summary>
public sealed class ClassifierCache(SessionFactory sessions, int capacity = 2) : IDisposable
{
    private readonly LinkedList<(string Key, OnnxClassifier Classifier)> _entries = new();

    public OnnxClassifier Get(PreparedModel model)
    {
        var key = model.Sha256 + "|" + model.Name;
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Key == key)
            {
                _entries.Remove(node);
                _entries.AddFirst(node);
                return node.Value.Classifier;
            }
        }

        var batch = Math.Min(sessions.Options.BatchSize, model.MaxBatch);
        var classifier = new OnnxClassifier(sessions.Create(model.RunnableBytes, model.Name), model.Card.Card, batch, model.Name);
        _entries.AddFirst((key, classifier));
        while (_entries.Count > Math.Max(1, capacity))
        {
            _entries.Last!.Value.Classifier.Dispose();
            _entries.RemoveLast();
        }

        return classifier;
    }

    public void Dispose()
    {
        foreach (var (_, classifier) in _entries)
        {
            classifier.Dispose();
        }

        _entries.Clear();
    }
}
