using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Estimates.Fakes;

/// <summary>
/// The real model sessions, with every image the executor hands to a model counted: images scored
/// (classifier or gradient model, plain or blurred) are forward passes, images in loss-gradient calls
/// are backward passes.
/// </summary>
internal sealed class CountingModelSessions(IModelSessions inner) : IModelSessions
{
    public PassCount Passes { get; private set; }

    public void Reset() => Passes = PassCount.Zero;

    public IClassifier Classifier(PreparedModel model) => new CountingClassifier(inner.Classifier(model), this);

    public IGradientModelSource GradientModels(PreparedModel model) => new CountingSource(inner.GradientModels(model), this);

    private void Add(long forward, long backward) => Passes += new PassCount(forward, backward);

    private sealed class CountingClassifier(IClassifier inner, CountingModelSessions counter) : IClassifier
    {
        public ImageShape InputShape => inner.InputShape;

        public int ClassCount => inner.ClassCount;

        public int BatchSize => inner.BatchSize;

        public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
        {
            counter.Add(count, 0);
            inner.Score(images, count, logits, cancellationToken);
        }
    }

    private sealed class CountingSource(IGradientModelSource inner, CountingModelSessions counter) : IGradientModelSource
    {
        public IGradientModel Get(double? blurSigma = null) => new CountingGradientModel(inner.Get(blurSigma), counter);
    }

    private sealed class CountingGradientModel(IGradientModel inner, CountingModelSessions counter) : IGradientModel
    {
        public ImageShape InputShape => inner.InputShape;

        public int ClassCount => inner.ClassCount;

        public int BatchSize => inner.BatchSize;

        public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
        {
            counter.Add(count, 0);
            inner.Score(images, count, logits, cancellationToken);
        }

        public void LossGradient(
            AttackLoss loss,
            ReadOnlySpan<float> images,
            ReadOnlySpan<int> labels,
            ReadOnlySpan<int> targets,
            int count,
            Span<float> logits,
            Span<float> losses,
            Span<float> gradients,
            CancellationToken cancellationToken = default)
        {
            counter.Add(0, count);
            inner.LossGradient(loss, images, labels, targets, count, logits, losses, gradients, cancellationToken);
        }
    }
}
