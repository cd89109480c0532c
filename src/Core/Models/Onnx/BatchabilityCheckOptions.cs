namespace CloudFreq.Core.Models.Onnx;

/// <summary>Settings of <see cref="BatchabilityCheck"/>.</summary>
public sealed record BatchabilityCheckOptions
{
    /// <summary>Images in the test batch (each also run alone through the original model).</summary>
    public int BatchSize { get; init; } = 3;

    /// <summary>
    /// The shape of one image without the batch dim (for example [3, 32, 32] or [32, 32, 3]), for
    /// models whose non-batch dims are symbolic; must agree with the dims the model fixes.
    /// </summary>
    public IReadOnlyList<long>? SampleShape { get; init; }

    /// <summary>Outputs agree when |batched - single| &lt;= Tolerance * max(1, |single|).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the random test images (uniform in [0,1), or 0..255 for uint8 inputs).</summary>
    public int Seed { get; init; } = 20231;
}
