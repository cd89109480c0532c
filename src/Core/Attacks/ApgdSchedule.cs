namespace CloudFreq.Core.Attacks;

/// <summary>
/// APGD's checkpoints (Croce and Hein 2020): w_0 = 0, w_1 = 0.22 N, then
/// w_{j+1} = w_j + max(w_j - w_{j-1} - 0.03 N, 0.06 N). In iterations, as AutoAttack computes
/// them: the first period is max(floor(0.22 N), 1) and each next one is the previous one less
/// max(floor(0.03 N), 1), but at least max(floor(0.06 N), 1).
/// </summary>
internal readonly record struct ApgdSchedule(int FirstPeriod, int PeriodDecrease, int MinPeriod)
{
    public static ApgdSchedule For(int iterations) => new(
        Math.Max((int)(0.22 * iterations), 1),
        Math.Max((int)(0.03 * iterations), 1),
        Math.Max((int)(0.06 * iterations), 1));

    /// <summary>The period that follows one of length <paramref name="period"/>.</summary>
    public int Next(int period) => Math.Max(period - PeriodDecrease, MinPeriod);

    /// <summary>The iteration counts (1-based) after which a checkpoint is evaluated, up to <paramref name="iterations"/>.</summary>
    public static IReadOnlyList<int> Checkpoints(int iterations)
    {
        var schedule = For(iterations);
        var result = new List<int>();
        var period = schedule.FirstPeriod;
        for (var at = period; at <= iterations; at += period)
        {
            result.Add(at);
            period = schedule.Next(period);
        }

        return result;
    }
}
