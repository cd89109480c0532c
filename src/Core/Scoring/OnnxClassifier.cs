using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// One ONNX Runtime session scoring images in batches, with input and output buffers allocated
/// once: the hot path copies pixels into the pinned input, runs, and reads the pinned output.
/// </summary>
/// <remarks>
/// Not thread-safe: one classifier per worker thread. The classifier owns the session.
/// </remarks>
public sealed class OnnxClassifier : IClassifier, IDisposable
{
    private readonly InferenceSession _session;
    private readonly InputPreprocessor _preprocessor;
    private readonly TensorLayout _layout;
    private readonly string _displayName;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly int _maxBatch;
    private readonly Dictionary<int, (OrtValue Input, OrtValue Output)> _bindings = [];

    /// <param name="session">A session over the model; the classifier takes ownership, and disposes it when construction fails.</param>
    /// <param name="card">The model card: normalization, layout and input shape.</param>
    /// <param name="batchSize">Images per run; 1 for models that only accept single images.</param>
    public OnnxClassifier(InferenceSession session, ModelCard card, int batchSize, string displayName)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        try
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
            ArgumentNullException.ThrowIfNull(card);
            InputShape = card.Input;
            _layout = card.Layout;
            _preprocessor = new InputPreprocessor(card);
            _maxBatch = batchSize;
            _displayName = displayName;
            _inputNames = [SingleImageInput(session, displayName)];
            _outputNames = [session.OutputNames[0]];
            ClassCount = ProbeClassCount(displayName);
            _input = new float[checked(batchSize * InputShape.Length)];
            _output = new float[checked(batchSize * ClassCount)];
        }
        catch
        {
            // Ownership was taken on entry: a caller that sees the exception has nothing to dispose.
            session.Dispose();
            throw;
        }
    }

    public ImageShape InputShape { get; }

    public int ClassCount { get; }

    /// <summary>Images per inference run.</summary>
    public int BatchSize => _maxBatch;

    public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images.Length, count * InputShape.Length, nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(logits.Length, count * ClassCount, nameof(logits));
        // A fresh RunOptions per call: Terminate cannot be unset safely once set, and a cached
        // classifier must survive one cancelled call.
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        for (var start = 0; start < count; start += _maxBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(_maxBatch, count - start);
            _preprocessor.Apply(images.Slice(start * InputShape.Length, n * InputShape.Length), n, _input);
            var (input, output) = Binding(n);
            try
            {
                _session.Run(runOptions, _inputNames, [input], _outputNames, [output]);
            }
            catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
            {
                // Terminate aborted the run: report it as the cancellation it is.
                throw new OperationCanceledException("The scoring run was cancelled.", ex, cancellationToken);
            }
            catch (OnnxRuntimeException ex) when (!OrtRunFailure.IsTransient(ex))
            {
                throw OrtRunFailure.Permanent(ex, _displayName, $"scoring a batch of {n}");
            }

            _output.AsSpan(0, n * ClassCount).CopyTo(logits.Slice(start * ClassCount, n * ClassCount));
        }
    }

    // OrtValues pin the preallocated arrays; one pair per distinct batch length (the full batch and the last one).
    private (OrtValue Input, OrtValue Output) Binding(int n)
    {
        if (!_bindings.TryGetValue(n, out var binding))
        {
            var c = InputShape.Channels;
            var h = InputShape.Height;
            var w = InputShape.Width;
            long[] inputShape = _layout == TensorLayout.Nchw ? [n, c, h, w] : [n, h, w, c];
            binding = (
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, n * InputShape.Length), inputShape),
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n * ClassCount), [n, ClassCount]));
            _bindings[n] = binding;
        }

        return binding;
    }

    private static string SingleImageInput(InferenceSession session, string displayName)
    {
        if (session.InputNames.Count != 1)
        {
            throw new CloudFreqException(
                $"{displayName}: the graph has {session.InputNames.Count} inputs ({string.Join(", ", session.InputNames)}); "
                + "CloudFreq scores classifiers with exactly one image input.");
        }

        var metadata = session.InputMetadata[session.InputNames[0]];
        if (metadata.ElementDataType != TensorElementType.Float)
        {
            throw new CloudFreqException($"{displayName}: input '{session.InputNames[0]}' is {metadata.ElementDataType}; CloudFreq feeds float32 images.");
        }

        return session.InputNames[0];
    }

    // Runs one black image: learns the number of classes and proves the graph accepts the card's input shape.
    private int ProbeClassCount(string displayName)
    {
        var c = InputShape.Channels;
        var h = InputShape.Height;
        var w = InputShape.Width;
        long[] shape = _layout == TensorLayout.Nchw ? [1, c, h, w] : [1, h, w, c];
        var zeros = new float[InputShape.Length];
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(zeros, shape);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
            var info = outputs[0].GetTensorTypeAndShape();
            var dims = info.Shape;
            if (dims.Length != 2 || dims[0] != 1 || dims[1] < 2)
            {
                throw new CloudFreqException(
                    $"{displayName}: output '{_outputNames[0]}' has shape [{string.Join(", ", dims)}] for one image; "
                    + "expected [1, classes] logits or probabilities.");
            }

            return checked((int)dims[1]);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new CloudFreqException(
                $"{displayName}: the model rejects a {InputShape} image laid out as {_layout}: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    public void Dispose()
    {
        foreach (var (input, output) in _bindings.Values)
        {
            input.Dispose();
            output.Dispose();
        }

        _bindings.Clear();
        _session.Dispose();
    }
}
