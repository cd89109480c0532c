using System.Text.Json.Serialization;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// The unit of a run's cost (DESIGN.md section 4, "Cost"): model passes over single images. A
/// forward pass scores one image; a backward pass is one loss-gradient evaluation of one image
/// (forward and backward in one session run), what gradient attacks pay per step.
/// </summary>
public readonly record struct PassCount(long Forward, long Backward)
{
    public static PassCount Zero => default;

    [JsonIgnore]
    public bool IsZero => Forward == 0 && Backward == 0;

    public static PassCount Forwards(long count) => new(count, 0);

    public static PassCount operator +(PassCount left, PassCount right) =>
        new(left.Forward + right.Forward, left.Backward + right.Backward);

    public static PassCount operator *(PassCount passes, long times) =>
        new(passes.Forward * times, passes.Backward * times);

    public static PassCount Add(PassCount left, PassCount right) => left + right;

    public static PassCount Multiply(PassCount passes, long times) => passes * times;
}
