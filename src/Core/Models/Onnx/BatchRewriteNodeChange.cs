namespace CloudFreq.Core.Models.Onnx;

/// <summary>One node edited by the batch rewrite, for example a Reshape shape [1, 48] -> [0, 48].</summary>
public sealed record BatchRewriteNodeChange(string NodeName, string OpType, string Change)
{
    public override string ToString() => $"{OpType} '{NodeName}': {Change}";
}
