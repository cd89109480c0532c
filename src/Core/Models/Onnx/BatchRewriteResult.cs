namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// The result of <see cref="BatchDimensionRewriter.Rewrite"/>. <see cref="ModelBytes"/> is set only
/// for <see cref="BatchRewriteOutcome.Rewritten"/>. <see cref="Summary"/> says what was done, or why
/// nothing was (for <see cref="BatchRewriteOutcome.NotRewritable"/>, the reason).
/// </summary>
public sealed record BatchRewriteResult(
    BatchRewriteOutcome Outcome,
    string Summary,
    byte[]? ModelBytes,
    IReadOnlyList<BatchRewriteNodeChange> ChangedNodes,
    IReadOnlyList<string> RewrittenOutputs,
    int RelaxedValueInfoCount)
{
    internal static BatchRewriteResult NotRewritable(string reason) =>
        new(BatchRewriteOutcome.NotRewritable, reason, null, [], [], 0);

    internal static BatchRewriteResult AlreadyDynamic(string summary) =>
        new(BatchRewriteOutcome.AlreadyDynamic, summary, null, [], [], 0);
}
