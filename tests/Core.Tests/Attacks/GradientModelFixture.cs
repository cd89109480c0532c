using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Models.Onnx;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>One gradient model per shared model (batch 8, one thread), shared by a test class's tests.</summary>
public sealed class GradientModelFixture : IDisposable
{
    public const int Batch = 8;
    private readonly Dictionary<string, OnnxGradientModel> _models = new(StringComparer.Ordinal);

    public static SessionFactory Sessions { get; } = new(new ScoringOptions { IntraOpThreads = 1 });

    public OnnxGradientModel Get(string relativePath)
    {
        if (!_models.TryGetValue(relativePath, out var model))
        {
            model = OnnxGradientModel.Create(
                OnnxModelFile.Load(OnnxTestModels.Shared(relativePath)), SharedModelCards.For(relativePath), Sessions, Batch);
            _models[relativePath] = model;
        }

        return model;
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }
}
