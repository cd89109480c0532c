namespace CloudFreq.Core.Models.Onnx;

/// <summary>An output the batch check cannot read (not a tensor, or an exotic element type).</summary>
internal sealed class UnsupportedOutputTypeException(string message) : Exception(message);
