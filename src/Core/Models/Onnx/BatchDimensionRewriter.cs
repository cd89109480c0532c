using System.Globalization;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// Turns a model exported with a fixed batch of 1 into one that takes any batch: the input's and
/// outputs' leading dims become symbolic, stale value_info shapes of values computed from the
/// input are dropped (ONNX Runtime infers them again), and ops that pin the batch to 1 are fixed:
/// a constant Reshape shape [1, ...] gets 0 (copy the batch) or -1 (infer it), Flatten(axis=0)
/// gets axis 1. Ops that cannot take a batch (a batch-1 constant concatenated to the images, a
/// Squeeze of the batch axis, ...) make the model <see cref="BatchRewriteOutcome.NotRewritable"/>.
/// The rewrite is a static analysis; <see cref="BatchabilityCheck"/> confirms it with ONNX Runtime.
/// </summary>
public static class BatchDimensionRewriter
{
    public const string DefaultBatchSymbol = "batch";

    public static BatchRewriteResult Rewrite(OnnxModelFile model, string batchSymbol = DefaultBatchSymbol)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(batchSymbol);
        if (model.Inputs.Count != 1)
        {
            return BatchRewriteResult.NotRewritable(
                $"the model has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs.Select(i => i.Name))}); "
                + "batching supports a single image input");
        }

        var input = model.Inputs[0];
        if (!input.HasShape || input.Shape.Count == 0)
        {
            return BatchRewriteResult.NotRewritable($"input '{input.Name}' declares no batch dimension (shape {ShapeText(input)})");
        }

        var leading = input.Shape[0];
        if (!leading.IsFixed)
        {
            return BatchRewriteResult.AlreadyDynamic(
                $"input '{input.Name}' already has a variable batch dimension ({leading}): {OnnxDim.Format(input.Shape)}");
        }

        if (leading.Value != 1)
        {
            return BatchRewriteResult.NotRewritable(
                $"input '{input.Name}' has a fixed batch dimension of {leading.Value}, not 1: {OnnxDim.Format(input.Shape)}");
        }

        var proto = model.CloneProto();
        var graph = proto.Graph;
        var flow = new BatchAxisFlow(graph, model.OpsetVersion, input.Name);
        if (!flow.Run())
        {
            return BatchRewriteResult.NotRewritable(flow.Problem!);
        }

        foreach (var graphInput in graph.Input.Where(i => i.Name == input.Name))
        {
            MakeLeadingDimSymbolic(graphInput, batchSymbol);
        }

        var rewrittenOutputs = graph.Output
            .Where(output => MakeLeadingDimSymbolic(output, batchSymbol))
            .Select(output => output.Name)
            .ToList();
        var relaxed = 0;
        foreach (var valueInfo in graph.ValueInfo.Where(v => flow.DependsOnInput(v.Name)))
        {
            // Shapes recorded by the exporter for batch 1; ONNX Runtime infers the real ones again.
            if (valueInfo.Type?.TensorType?.Shape is not null)
            {
                valueInfo.Type.TensorType.Shape = null;
                relaxed++;
            }
        }

        return new BatchRewriteResult(
            BatchRewriteOutcome.Rewritten,
            Summarize(input.Name, batchSymbol, flow.Changes, relaxed),
            proto.ToByteArray(),
            flow.Changes,
            rewrittenOutputs,
            relaxed);
    }

    private static string ShapeText(OnnxValueInfo value) => value.HasShape ? OnnxDim.Format(value.Shape) : "unknown";

    /// <summary>Makes a fixed leading dim of 1 symbolic; false when there is none.</summary>
    private static bool MakeLeadingDimSymbolic(ValueInfoProto value, string batchSymbol)
    {
        var shape = OnnxValueInfoConversion.ShapeOf(value);
        if (shape is null || shape.Dim.Count == 0 || shape.Dim[0] is not { HasDimValue: true, DimValue: 1 } leading)
        {
            return false;
        }

        leading.DimParam = batchSymbol;
        return true;
    }

    private static string Summarize(
        string inputName, string batchSymbol, IReadOnlyList<BatchRewriteNodeChange> changes, int relaxed)
    {
        var text = $"fixed batch dimension 1 of input '{inputName}' rewritten to symbolic '{batchSymbol}'";
        var parts = new List<string>();
        if (changes.Count > 0)
        {
            var byOp = changes.GroupBy(change => change.OpType)
                .Select(group => $"{group.Count().ToString(CultureInfo.InvariantCulture)} {group.Key}");
            parts.Add(string.Join(", ", byOp) + (changes.Count == 1 ? " node" : " nodes") + " adjusted");
        }

        if (relaxed > 0)
        {
            parts.Add($"{relaxed.ToString(CultureInfo.InvariantCulture)} stale value_info shapes dropped");
        }

        return parts.Count == 0 ? text : text + " (" + string.Join("; ", parts) + ")";
    }
}
