using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// Decides whether a model can score batches, and proves it with ONNX Runtime: a batch of random
/// images through the candidate model (as exported when its batch is already symbolic, else as
/// rewritten by <see cref="BatchDimensionRewriter"/>) must give outputs of shape [B, ...] equal to
/// B single-image runs of the original model. Anything else falls back to single-image runs, with
/// the reason in the decision's description.
/// </summary>
public static class BatchabilityCheck
{
    /// <exception cref="CloudFreqException">The original model itself cannot be loaded or run on one image.</exception>
    public static BatchingDecision Decide(
        OnnxModelFile model,
        Func<byte[], InferenceSession> createSession,
        BatchabilityCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(createSession);
        options ??= new BatchabilityCheckOptions();
        if (options.BatchSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 2 to test batching.");
        }

        var rewrite = BatchDimensionRewriter.Rewrite(model);
        var (mode, candidate) = rewrite.Outcome switch
        {
            BatchRewriteOutcome.AlreadyDynamic => (BatchingMode.NativeDynamic, model.Bytes),
            BatchRewriteOutcome.Rewritten => (BatchingMode.Rewritten, rewrite.ModelBytes!),
            _ => (BatchingMode.SingleImage, model.Bytes),
        };
        if (mode == BatchingMode.SingleImage)
        {
            return SingleImage(model, "cannot rewrite the batch dimension: " + rewrite.Summary, rewrite);
        }

        var mismatch = FindBatchMismatch(model, candidate, createSession, options);
        if (mismatch is not null)
        {
            return SingleImage(model, mismatch, rewrite);
        }

        var batchText = options.BatchSize.ToString(CultureInfo.InvariantCulture);
        var description = mode == BatchingMode.NativeDynamic
            ? $"batched: the model's batch dimension is already variable (checked with a batch of {batchText})"
            : $"batched: {rewrite.Summary} (checked with a batch of {batchText})";
        return new BatchingDecision(mode, candidate, description, rewrite);
    }

    /// <summary>
    /// Runs a batch of <see cref="BatchabilityCheckOptions.BatchSize"/> random images through
    /// <paramref name="batchedModel"/> and each image alone through the original model; null when
    /// every output agrees, else why not.
    /// </summary>
    /// <exception cref="CloudFreqException">The original model cannot be loaded or run on one image.</exception>
    public static string? FindBatchMismatch(
        OnnxModelFile original,
        byte[] batchedModel,
        Func<byte[], InferenceSession> createSession,
        BatchabilityCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(batchedModel);
        ArgumentNullException.ThrowIfNull(createSession);
        ArgumentNullException.ThrowIfNull(options);
        if (original.Inputs.Count != 1)
        {
            return $"the model has {original.Inputs.Count} inputs; batching supports a single image input";
        }

        var input = original.Inputs[0];
        var sampleShape = ResolveSampleShape(input, options.SampleShape, out var shapeProblem);
        if (sampleShape is null)
        {
            return shapeProblem;
        }

        if (!IsSupportedInputType(input.ElementType))
        {
            return $"input '{input.Name}' has element type {OnnxElementTypes.Name(input.ElementType)}, which the batch check cannot fill";
        }

        var sampleSize = sampleShape.Aggregate(1L, (product, dim) => product * dim);
        var random = new Random(options.Seed);
        var images = Enumerable.Range(0, options.BatchSize)
            .Select(_ => RandomImage(input.ElementType, sampleSize, random))
            .ToArray();

        var singleOutputs = RunOriginalOnEachImage(original, createSession, input, sampleShape, images);
        NamedOutput[] batchedOutputs;
        try
        {
            using var session = createSession(batchedModel);
            batchedOutputs = Run(session, input, [options.BatchSize, .. sampleShape], [.. images.SelectMany(i => i)]);
        }
        catch (OnnxRuntimeException error)
        {
            return $"a batch of {options.BatchSize} failed in ONNX Runtime: {FirstLine(error.Message)}";
        }
        catch (UnsupportedOutputTypeException error)
        {
            return error.Message;
        }

        return Compare(singleOutputs, batchedOutputs, options);
    }

    private static BatchingDecision SingleImage(OnnxModelFile model, string reason, BatchRewriteResult? rewrite) =>
        new(BatchingMode.SingleImage, model.Bytes, "single-image runs: " + reason, rewrite);

    private static long[]? ResolveSampleShape(OnnxValueInfo input, IReadOnlyList<long>? given, out string? problem)
    {
        problem = null;
        if (!input.HasShape || input.Shape.Count < 2)
        {
            problem = $"input '{input.Name}' has shape {(input.HasShape ? OnnxDim.Format(input.Shape) : "unknown")}, not [batch, ...]";
            return null;
        }

        var declared = input.Shape.Skip(1).ToArray();
        if (given is not null && given.Count != declared.Length)
        {
            problem = $"the sample shape [{string.Join(", ", given)}] has {given.Count} dims, but input '{input.Name}' "
                + $"{OnnxDim.Format(input.Shape)} has {declared.Length} after the batch";
            return null;
        }

        var shape = new long[declared.Length];
        for (var i = 0; i < declared.Length; i++)
        {
            if (declared[i].IsFixed)
            {
                shape[i] = declared[i].Value!.Value;
                if (given is not null && given[i] != shape[i])
                {
                    problem = $"the sample shape [{string.Join(", ", given)}] contradicts input '{input.Name}' "
                        + $"{OnnxDim.Format(input.Shape)} at dim {i + 1}";
                    return null;
                }
            }
            else if (given is not null && given[i] > 0)
            {
                shape[i] = given[i];
            }
            else
            {
                problem = $"input '{input.Name}' {OnnxDim.Format(input.Shape)} has a variable dim {i + 1} ({declared[i]}); "
                    + "the batch check needs the image size (sample shape)";
                return null;
            }
        }

        return shape;
    }

    private static bool IsSupportedInputType(int elementType) =>
        elementType is OnnxElementTypes.Float or OnnxElementTypes.Double or OnnxElementTypes.Float16 or OnnxElementTypes.UInt8;

    private static double[] RandomImage(int elementType, long size, Random random)
    {
        var values = new double[size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = elementType == OnnxElementTypes.UInt8 ? random.Next(256) : random.NextDouble();
        }

        return values;
    }

    private static NamedOutput[][] RunOriginalOnEachImage(
        OnnxModelFile original, Func<byte[], InferenceSession> createSession, OnnxValueInfo input, long[] sampleShape,
        double[][] images)
    {
        try
        {
            using var session = createSession(original.Bytes);
            return images.Select(image => Run(session, input, [1, .. sampleShape], image)).ToArray();
        }
        catch (Exception error) when (error is OnnxRuntimeException or UnsupportedOutputTypeException)
        {
            throw new CloudFreqException(
                $"ONNX model '{original.DisplayName}': one image of shape [1, {string.Join(", ", sampleShape)}] "
                + $"does not run: {FirstLine(error.Message)}", error);
        }
    }

    private static NamedOutput[] Run(InferenceSession session, OnnxValueInfo input, long[] shape, double[] values)
    {
        using var inputValue = CreateInput(input.ElementType, shape, values);
        using var runOptions = new RunOptions();
        var outputNames = session.OutputNames;
        using var outputs = session.Run(runOptions, [input.Name], [inputValue], outputNames);
        return outputs.Select((output, i) => ReadOutput(outputNames[i], output)).ToArray();
    }

    private static OrtValue CreateInput(int elementType, long[] shape, double[] values) => elementType switch
    {
        OnnxElementTypes.Float => OrtValue.CreateTensorValueFromMemory(values.Select(v => (float)v).ToArray(), shape),
        OnnxElementTypes.Double => OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape),
        OnnxElementTypes.Float16 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (Float16)(float)v).ToArray(), shape),
        OnnxElementTypes.UInt8 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (byte)v).ToArray(), shape),
        _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "unsupported input element type"),
    };

    private static NamedOutput ReadOutput(string name, OrtValue output)
    {
        if (!output.IsTensor)
        {
            throw new UnsupportedOutputTypeException($"output '{name}' is not a tensor, which the batch check cannot compare");
        }

        var info = output.GetTensorTypeAndShape();
        double[] values = info.ElementDataType switch
        {
            TensorElementType.Float => [.. output.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)],
            TensorElementType.Double => output.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Float16 => [.. output.GetTensorDataAsSpan<Float16>().ToArray().Select(v => (double)(float)v)],
            TensorElementType.Int64 => [.. output.GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)],
            TensorElementType.Int32 => [.. output.GetTensorDataAsSpan<int>().ToArray().Select(v => (double)v)],
            TensorElementType.UInt8 => [.. output.GetTensorDataAsSpan<byte>().ToArray().Select(v => (double)v)],
            TensorElementType.Bool => [.. output.GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1.0 : 0.0)],
            _ => throw new UnsupportedOutputTypeException(
                $"output '{name}' has element type {info.ElementDataType}, which the batch check cannot compare"),
        };
        return new NamedOutput(name, info.Shape, values);
    }

    private static string? Compare(NamedOutput[][] singleRuns, NamedOutput[] batched, BatchabilityCheckOptions options)
    {
        var batchSize = singleRuns.Length;
        for (var o = 0; o < batched.Length; o++)
        {
            var output = batched[o];
            var single = singleRuns[0][o];
            long[] expectedShape = [batchSize, .. single.Shape.Skip(1)];
            if (single.Shape.Length == 0 || single.Shape[0] != 1 || !output.Shape.SequenceEqual(expectedShape))
            {
                return $"a batch of {batchSize} gave output '{output.Name}' of shape {FormatShape(output.Shape)}, "
                    + $"expected {FormatShape(expectedShape)} (one image gives {FormatShape(single.Shape)})";
            }

            var perImage = single.Values.Length;
            for (var image = 0; image < batchSize; image++)
            {
                var expected = singleRuns[image][o].Values;
                for (var i = 0; i < perImage; i++)
                {
                    var actual = output.Values[(image * perImage) + i];
                    var difference = Math.Abs(actual - expected[i]);
                    if (!(difference <= options.Tolerance * Math.Max(1.0, Math.Abs(expected[i]))))
                    {
                        return $"image {image} of a batch of {batchSize} gives output '{output.Name}'[{i}] = "
                            + $"{actual.ToString("G6", CultureInfo.InvariantCulture)}, but alone "
                            + $"{expected[i].ToString("G6", CultureInfo.InvariantCulture)}: the images in a batch "
                            + "affect each other";
                    }
                }
            }
        }

        return null;
    }

    private static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim();
}
