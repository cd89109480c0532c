using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Emits the backward of one forward node: given the gradients of its outputs (null where an
/// output has none), fills <paramref name="inputGrads"/> for the inputs that need one
/// (<see cref="GradientEmitter.NeedsGradient"/>); entries left null get no contribution.
/// </summary>
internal delegate void BackwardRule(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads);
