namespace CloudFreq.Core.Models.Onnx;

/// <summary>What <see cref="BatchDimensionRewriter"/> did with a model.</summary>
public enum BatchRewriteOutcome
{
    /// <summary>The fixed batch dimension 1 became symbolic; new bytes are in the result.</summary>
    Rewritten,

    /// <summary>The input's batch dimension is already symbolic or unknown; nothing to do.</summary>
    AlreadyDynamic,

    /// <summary>The graph pins the batch in a way that shape edits cannot fix; the reason says where.</summary>
    NotRewritable,
}
