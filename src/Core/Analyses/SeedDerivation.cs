using System.Security.Cryptography;
using System.Text;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Seeds derived from identities, never from positions (DESIGN.md section 3): the same image
/// gets the same noise, attack start or pairing whatever the batching or the worker.
/// </summary>
public static class SeedDerivation
{
    /// <summary>A 64-bit seed from the run seed and any number of identity parts (image id, transform id, ...).</summary>
    public static ulong Derive(long runSeed, params ReadOnlySpan<string> parts)
    {
        var text = new StringBuilder().Append(runSeed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var part in parts)
        {
            // Length-prefixed so ("ab", "c") and ("a", "bc") differ.
            text.Append('|').Append(part.Length).Append(':').Append(part);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return BitConverter.ToUInt64(hash[..8]);
    }

    /// <summary>A <see cref="Random"/> seeded from <see cref="Derive"/>; its sequence is stable across .NET versions.</summary>
    public static Random CreateRandom(long runSeed, params ReadOnlySpan<string> parts) =>
        new((int)(Derive(runSeed, parts) & int.MaxValue));
}
