using CloudFreq.Core.Attacks;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// A loss head's place in the gradient graph: emits <see cref="LossHead"/> on the logits, wires
/// its loss to <see cref="GradientGraphBuilder.LossOutputName"/>, and declares the labels (and
/// targets) inputs and the loss output with the image input's batch dimension.
/// </summary>
internal sealed class LossHeadGraph
{
    private readonly bool _targeted;

    private LossHeadGraph(string logitGrad, bool targeted)
    {
        LogitGrad = logitGrad;
        _targeted = targeted;
    }

    /// <summary>dL/dlogits, the seed of the reverse pass.</summary>
    public string LogitGrad { get; }

    public static LossHeadGraph Emit(GradientEmitter e, AttackLoss loss, string logits, string where)
    {
        var shape = e.ShapeOf(logits);
        if (shape.Length != 2)
        {
            throw new CloudFreqException(
                $"{where}: output '{logits}' has shape [{string.Join(", ", shape)}]; a loss head needs [N, classes] logits.");
        }

        var targeted = loss.IsTargeted();
        var (value, grad) = LossHead.Emit(
            e,
            loss,
            logits,
            checked((int)shape[1]),
            GradientGraphBuilder.LabelsInputName,
            targeted ? GradientGraphBuilder.TargetsInputName : null);
        var finish = new NodeProto { OpType = "Identity", Name = e.Fresh("loss_output_node") };
        finish.Input.Add(value);
        finish.Output.Add(GradientGraphBuilder.LossOutputName);
        e.Nodes.Add(finish);
        return new LossHeadGraph(grad, targeted);
    }

    /// <summary>Adds the labels (and targets) inputs and the loss output, batched like <paramref name="imageInput"/>.</summary>
    public void Declare(GraphProto graph, ValueInfoProto imageInput)
    {
        var batch = imageInput.Type?.TensorType?.Shape?.Dim.FirstOrDefault()?.Clone()
            ?? new TensorShapeProto.Types.Dimension();
        graph.Input.Add(Vector(GradientGraphBuilder.LabelsInputName, OnnxElementTypes.Int64, batch));
        if (_targeted)
        {
            graph.Input.Add(Vector(GradientGraphBuilder.TargetsInputName, OnnxElementTypes.Int64, batch));
        }

        graph.Output.Add(Vector(GradientGraphBuilder.LossOutputName, OnnxElementTypes.Float, batch));
    }

    private static ValueInfoProto Vector(string name, int elementType, TensorShapeProto.Types.Dimension batch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(batch.Clone());
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }
}
