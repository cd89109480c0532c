namespace CloudFreq.Core.Attacks;

/// <summary>
/// The images one attack call works on. Each image carries its own seed (derived from the run seed
/// and the image id), so an image's random start, square positions and targets do not depend on
/// which other images share its batch or which worker ran it.
/// </summary>
/// <param name="Images">count x image length, NCHW, [0,1].</param>
/// <param name="Labels">True labels (count).</param>
/// <param name="Seeds">One seed per image (count).</param>
/// <param name="Targets">Target classes for targeted attacks (count), or null for untargeted ones.</param>
public sealed record AttackBatch(float[] Images, int[] Labels, ulong[] Seeds, int[]? Targets = null)
{
    public int Count => Labels.Length;
}
