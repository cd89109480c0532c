namespace CloudFreq.Core.Models.Onnx;

/// <summary>How a model is fed images.</summary>
public enum BatchingMode
{
    /// <summary>The model takes a batch as exported (symbolic batch dimension), checked with ONNX Runtime.</summary>
    NativeDynamic,

    /// <summary>The fixed batch of 1 was rewritten to symbolic, checked with ONNX Runtime.</summary>
    Rewritten,

    /// <summary>One image per run, with the original model.</summary>
    SingleImage,
}
