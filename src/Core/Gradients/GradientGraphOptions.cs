using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// What <see cref="GradientGraphBuilder.Build(Models.Onnx.OnnxModelFile, GradientGraphOptions)"/> builds:
/// with <see cref="Loss"/> null, the generic vector-Jacobian product (the upstream dL/dlogits is fed as
/// <see cref="GradientGraphBuilder.LogitGradInputName"/>); with a loss, a loss head on the logits
/// (labels fed as <see cref="GradientGraphBuilder.LabelsInputName"/>, targets as
/// <see cref="GradientGraphBuilder.TargetsInputName"/> for targeted losses) whose per-image value is
/// the output <see cref="GradientGraphBuilder.LossOutputName"/> and whose exact gradient seeds the
/// reverse pass.
/// </summary>
public sealed record GradientGraphOptions
{
    /// <summary>The loss to differentiate, or null for the generic vector-Jacobian product.</summary>
    public AttackLoss? Loss { get; init; }

    /// <summary>The image input to differentiate with respect to; the only input when null.</summary>
    public string? InputName { get; init; }

    /// <summary>The logits output; the only output when null.</summary>
    public string? LogitsName { get; init; }
}
