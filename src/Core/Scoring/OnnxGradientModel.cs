using CloudFreq.Core.Attacks;
using CloudFreq.Core.Gradients;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// An ONNX classifier with loss gradients: the model with the card's preprocessing folded into
/// its graph (<see cref="InputNormalizationFolder"/>), scored by a plain session, and one gradient
/// graph per <see cref="AttackLoss"/> (<see cref="GradientGraphBuilder"/>), built and loaded on
/// first use and kept. One session run per batch chunk gives the logits, the losses and
/// d loss / d image together, in buffers allocated once (pinned OrtValues per chunk length).
/// </summary>
/// <remarks>Not thread-safe: one per worker thread. Owns its sessions.</remarks>
public sealed class OnnxGradientModel : IGradientModel, IDisposable
{
    private readonly OnnxModelFile _folded;
    private readonly SessionFactory _sessions;
    private readonly OnnxClassifier _classifier;
    private readonly string _logitsName;
    private readonly string _name;
    private readonly Dictionary<AttackLoss, LossSession> _lossSessions = [];
    private readonly Dictionary<int, Binding> _bindings = [];
    private readonly float[] _images;
    private readonly long[] _labels;
    private readonly long[] _targets;
    private readonly float[] _logits;
    private readonly float[] _losses;
    private readonly float[] _gradients;

    /// <param name="folded">A model whose only input is <see cref="InputNormalizationFolder.ImageInputName"/> ([N, C, H, W], [0,1]).</param>
    /// <param name="input">The image shape (channels, height, width).</param>
    /// <param name="sessions">Creates the scoring and gradient sessions.</param>
    /// <param name="batchSize">Images per run; 1 for models that only take single images.</param>
    public OnnxGradientModel(OnnxModelFile folded, ImageShape input, SessionFactory sessions, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(folded);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (folded.Inputs.Count != 1 || folded.Inputs[0].Name != InputNormalizationFolder.ImageInputName)
        {
            throw new CloudFreqException(
                $"{folded.DisplayName}: a gradient model needs the folded model (one input '{InputNormalizationFolder.ImageInputName}'); "
                + $"this one takes {string.Join(", ", folded.Inputs.Select(i => i.Name))}.");
        }

        _folded = folded;
        _sessions = sessions;
        _logitsName = folded.Outputs[0].Name;
        _name = folded.DisplayName;
        InputShape = input;
        BatchSize = batchSize;
        // The graph does the preprocessing, so the classifier's own CPU step is the identity.
        var identity = new ModelCard
        {
            Name = folded.DisplayName,
            Layout = TensorLayout.Nchw,
            Mean = new float[input.Channels],
            Std = Enumerable.Repeat(1f, input.Channels).ToArray(),
            Input = input,
        };
        // The classifier owns its session from here on (and disposes it if it cannot be built).
        _classifier = new OnnxClassifier(sessions.Create(folded.Bytes, folded.DisplayName), identity, batchSize, folded.DisplayName);
        try
        {
            ClassCount = _classifier.ClassCount;
            _images = new float[checked(batchSize * input.Length)];
            _gradients = new float[_images.Length];
            _labels = new long[batchSize];
            _targets = new long[batchSize];
            _logits = new float[checked(batchSize * ClassCount)];
            _losses = new float[batchSize];
        }
        catch
        {
            _classifier.Dispose();
            throw;
        }
    }

    public ImageShape InputShape { get; }

    public int ClassCount { get; }

    public int BatchSize { get; }

    /// <summary>The model as run: the folded graph (blur, when asked for, included).</summary>
    public OnnxModelFile Model => _folded;

    /// <summary>
    /// A gradient model for <paramref name="model"/> as its card describes it: a model with a fixed
    /// batch of 1 is rewritten to take batches when <see cref="BatchabilityCheck"/> proves that safe
    /// (else it runs image by image); with <paramref name="blurSigma"/> the blur defense is put in
    /// front (<see cref="BlurDefenseBuilder"/>, gradients pass through it); then the card's
    /// preprocessing is folded into the graph.
    /// </summary>
    /// <exception cref="CloudFreqException">The model cannot be batched, blurred, folded or loaded as described.</exception>
    public static OnnxGradientModel Create(
        OnnxModelFile model, ModelCard card, SessionFactory sessions, int batchSize, double? blurSigma = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (model.Inputs.Count != 1)
        {
            throw new CloudFreqException(
                $"{model.DisplayName}: the graph has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs.Select(i => i.Name))}); "
                + "CloudFreq attacks classifiers with exactly one image input.");
        }

        var batchDim = model.Inputs[0].HasShape && model.Inputs[0].Shape.Count > 0 ? model.Inputs[0].Shape[0] : OnnxDim.Unknown;
        if (batchDim.Value is { } fixedBatch)
        {
            if (fixedBatch != 1)
            {
                throw new CloudFreqException(
                    $"{model.DisplayName}: input '{model.Inputs[0].Name}' has a fixed batch of {fixedBatch}; "
                    + "CloudFreq runs models whose batch is 1 or variable.");
            }

            if (batchSize > 1)
            {
                // Batch before the blur and the fold: the rewriter and its check know the original graph.
                var decision = BatchabilityCheck.Decide(
                    model,
                    bytes => sessions.Create(bytes, card.Name),
                    new BatchabilityCheckOptions { SampleShape = SampleShape(card) });
                model = decision.IsBatched ? OnnxModelFile.FromBytes(decision.ModelBytes, model.DisplayName) : model;
                batchSize = decision.IsBatched ? batchSize : 1;
            }
        }

        if (blurSigma is { } sigma)
        {
            var defended = BlurDefenseBuilder.Build(model, sigma, card.Layout);
            model = OnnxModelFile.FromBytes(defended.ModelBytes, $"{model.DisplayName} (blur sigma {sigma:0.###})");
        }

        var folded = OnnxModelFile.FromBytes(InputNormalizationFolder.Fold(model, card), model.DisplayName);
        return new OnnxGradientModel(folded, card.Input, sessions, batchSize);
    }

    public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default) =>
        _classifier.Score(images, count, logits, cancellationToken);

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
        var length = InputShape.Length;
        var targeted = loss.IsTargeted();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(images.Length, count * length, nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(labels.Length, count, nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(targets.Length, targeted ? count : 0, nameof(targets));
        ArgumentOutOfRangeException.ThrowIfLessThan(logits.Length, count * ClassCount, nameof(logits));
        ArgumentOutOfRangeException.ThrowIfLessThan(losses.Length, count, nameof(losses));
        ArgumentOutOfRangeException.ThrowIfLessThan(gradients.Length, count * length, nameof(gradients));
        CheckClasses(labels[..count], nameof(labels));
        if (targeted)
        {
            CheckClasses(targets[..count], nameof(targets));
        }

        var session = SessionFor(loss);
        // A fresh RunOptions per call: a set Terminate flag would fail every later call on these cached sessions.
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        for (var start = 0; start < count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, count - start);
            images.Slice(start * length, n * length).CopyTo(_images);
            for (var i = 0; i < n; i++)
            {
                _labels[i] = labels[start + i];
                _targets[i] = targeted ? targets[start + i] : 0;
            }

            var binding = BindingFor(n);
            OrtValue[] feeds = targeted ? [binding.Images, binding.Labels, binding.Targets] : [binding.Images, binding.Labels];
            try
            {
                session.Session.Run(runOptions, session.InputNames, feeds, session.OutputNames, [binding.Logits, binding.Losses, binding.Gradients]);
            }
            catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
            {
                // Terminate aborted the run: report it as the cancellation it is.
                throw new OperationCanceledException("The gradient run was cancelled.", ex, cancellationToken);
            }
            catch (OnnxRuntimeException ex) when (!OrtRunFailure.IsTransient(ex))
            {
                throw OrtRunFailure.Permanent(ex, _name, $"computing the gradients of a batch of {n}");
            }

            _logits.AsSpan(0, n * ClassCount).CopyTo(logits.Slice(start * ClassCount, n * ClassCount));
            _losses.AsSpan(0, n).CopyTo(losses.Slice(start, n));
            _gradients.AsSpan(0, n * length).CopyTo(gradients.Slice(start * length, n * length));
        }
    }

    private void CheckClasses(ReadOnlySpan<int> classes, string what)
    {
        foreach (var value in classes)
        {
            if ((uint)value >= (uint)ClassCount)
            {
                throw new ArgumentOutOfRangeException(what, value, $"{_folded.DisplayName}: class {value} is outside 0..{ClassCount - 1}.");
            }
        }
    }

    // The gradient graph of a loss is built and loaded on first use: an attack uses one or two losses.
    private LossSession SessionFor(AttackLoss loss)
    {
        if (!_lossSessions.TryGetValue(loss, out var entry))
        {
            var bytes = GradientGraphBuilder.Build(_folded, new GradientGraphOptions { Loss = loss, LogitsName = _logitsName });
            var session = _sessions.Create(bytes, $"{_folded.DisplayName} ({loss} gradient graph)");
            string[] inputs = loss.IsTargeted()
                ? [InputNormalizationFolder.ImageInputName, GradientGraphBuilder.LabelsInputName, GradientGraphBuilder.TargetsInputName]
                : [InputNormalizationFolder.ImageInputName, GradientGraphBuilder.LabelsInputName];
            entry = new LossSession(session, inputs, [_logitsName, GradientGraphBuilder.LossOutputName, GradientGraphBuilder.InputGradOutputName]);
            _lossSessions[loss] = entry;
        }

        return entry;
    }

    // OrtValues pin the preallocated arrays; one set per distinct chunk length (the full batch and the last one).
    private Binding BindingFor(int n)
    {
        if (!_bindings.TryGetValue(n, out var binding))
        {
            var memory = OrtMemoryInfo.DefaultInstance;
            long[] imageShape = [n, InputShape.Channels, InputShape.Height, InputShape.Width];
            var length = n * InputShape.Length;
            binding = new Binding(
                OrtValue.CreateTensorValueFromMemory(memory, _images.AsMemory(0, length), imageShape),
                OrtValue.CreateTensorValueFromMemory(memory, _labels.AsMemory(0, n), [n]),
                OrtValue.CreateTensorValueFromMemory(memory, _targets.AsMemory(0, n), [n]),
                OrtValue.CreateTensorValueFromMemory(memory, _logits.AsMemory(0, n * ClassCount), [n, ClassCount]),
                OrtValue.CreateTensorValueFromMemory(memory, _losses.AsMemory(0, n), [n]),
                OrtValue.CreateTensorValueFromMemory(memory, _gradients.AsMemory(0, length), imageShape));
            _bindings[n] = binding;
        }

        return binding;
    }

    private static long[] SampleShape(ModelCard card) => card.Layout == TensorLayout.Nchw
        ? [card.Input.Channels, card.Input.Height, card.Input.Width]
        : [card.Input.Height, card.Input.Width, card.Input.Channels];

    public void Dispose()
    {
        foreach (var binding in _bindings.Values)
        {
            binding.Dispose();
        }

        _bindings.Clear();
        foreach (var entry in _lossSessions.Values)
        {
            entry.Session.Dispose();
        }

        _lossSessions.Clear();
        _classifier.Dispose();
    }

    private sealed record LossSession(InferenceSession Session, string[] InputNames, string[] OutputNames);

    private sealed record Binding(OrtValue Images, OrtValue Labels, OrtValue Targets, OrtValue Logits, OrtValue Losses, OrtValue Gradients)
        : IDisposable
    {
        public void Dispose()
        {
            Images.Dispose();
            Labels.Dispose();
            Targets.Dispose();
            Logits.Dispose();
            Losses.Dispose();
            Gradients.Dispose();
        }
    }
}
