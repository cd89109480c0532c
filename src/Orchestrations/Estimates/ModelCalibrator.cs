using System.Diagnostics;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Data;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// Times a model the way the executor will run it (the same sessions, batch size, threads and device):
/// one warm-up call, then full batches of forward scoring and, when the plan needs them, of cross-entropy
/// loss gradients, each for at most <see cref="CalibrationOptions.Duration"/>.
/// </summary>
public sealed class ModelCalibrator(IModelSessions sessions, CalibrationOptions options)
{
    /// <summary>Times forward passes and, when <paramref name="gradients"/>, loss-gradient evaluations of <paramref name="model"/>.</summary>
    public ModelCalibration Calibrate(PreparedModel model, bool gradients, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var setupStarted = Stopwatch.GetTimestamp();
        var classifier = sessions.Classifier(model);
        var batch = classifier.BatchSize;
        var random = new Random(options.Seed);
        var images = new float[batch * classifier.InputShape.Length];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = random.NextSingle();
        }

        var logits = new float[batch * classifier.ClassCount];
        classifier.Score(images, batch, logits, cancellationToken);
        var setup = Stopwatch.GetElapsedTime(setupStarted);
        var forward = Rate(batch, () => classifier.Score(images, batch, logits, cancellationToken), cancellationToken);
        if (!gradients)
        {
            return new ModelCalibration(model.Name, batch, classifier.ClassCount, setup.TotalSeconds, forward, null);
        }

        setupStarted = Stopwatch.GetTimestamp();
        var gradientModel = sessions.GradientModels(model).Get();
        var labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            labels[i] = random.Next(gradientModel.ClassCount);
        }

        var losses = new float[batch];
        var gradient = new float[images.Length];
        void Evaluate() => gradientModel.LossGradient(AttackLoss.CrossEntropy, images, labels, [], batch, logits, losses, gradient, cancellationToken);

        // The first call builds and loads the gradient graph: setup, as in a run.
        Evaluate();
        setup += Stopwatch.GetElapsedTime(setupStarted);
        return new ModelCalibration(model.Name, batch, classifier.ClassCount, setup.TotalSeconds, forward, Rate(batch, Evaluate, cancellationToken));
    }

    /// <summary>
    /// <paramref name="model"/>'s top-1 accuracy on <see cref="CalibrationOptions.AccuracySampleImages"/> evenly
    /// spread images of <paramref name="dataset"/> (unreadable ones skipped); null when none could be read or
    /// the sample is switched off.
    /// </summary>
    public double? SampleAccuracy(PreparedModel model, IImageDataset dataset, CancellationToken cancellationToken = default)
    {
        var total = dataset.Entries.Count;
        var sample = Math.Min(options.AccuracySampleImages, total);
        if (sample == 0)
        {
            return null;
        }

        var classifier = sessions.Classifier(model);
        var indices = Enumerable.Range(0, sample).Select(i => (int)((long)i * total / sample)).ToList();
        var reader = new DatasetBatchReader(dataset, classifier.BatchSize);
        var logits = new float[classifier.BatchSize * classifier.ClassCount];
        long seen = 0, correct = 0;
        foreach (var batch in reader.Read(indices, compact: true, cancellationToken))
        {
            classifier.Score(batch.Pixels, batch.Count, logits, cancellationToken);
            seen += batch.Count;
            correct += TopK.CountCorrect(logits, classifier.ClassCount, batch.Labels.AsSpan(0, batch.Count));
        }

        return seen == 0 ? null : (double)correct / seen;
    }

    // Images per second over whole batches, or null when timing is switched off.
    private double? Rate(int batch, Action call, CancellationToken cancellationToken) =>
        CalibrationTimer.Rate(
            TimeProvider.System,
            options.Duration,
            options.MinBatches,
            options.MaxBatches,
            () =>
            {
                call();
                return batch;
            },
            cancellationToken);
}
