namespace CloudFreq.Core.Models.Onnx;

/// <summary>One output of one ONNX Runtime run, copied out as float64 for comparison.</summary>
internal sealed record NamedOutput(string Name, long[] Shape, double[] Values);
