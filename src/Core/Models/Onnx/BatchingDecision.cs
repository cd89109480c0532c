namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// How to run a model: <see cref="ModelBytes"/> are the bytes to load (the rewritten model for
/// <see cref="BatchingMode.Rewritten"/>, else the original), <see cref="Description"/> is the line
/// for the report, such as "batched: ..." or "single-image runs: &lt;reason&gt;".
/// <see cref="Rewrite"/> is the rewriter's result when it was tried.
/// </summary>
public sealed record BatchingDecision(
    BatchingMode Mode,
    byte[] ModelBytes,
    string Description,
    BatchRewriteResult? Rewrite)
{
    public bool IsBatched => Mode != BatchingMode.SingleImage;
}
