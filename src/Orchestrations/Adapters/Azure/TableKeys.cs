using System.Globalization;
using System.Text;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// Reversible escaping of ids into Azure Table keys. Keys may not hold '/', '\', '#', '?' or control
/// characters; '%' breaks key addressing in URLs on some services, '~' is the escape character itself
/// and '!' is reserved for the run store's index rows. Each of those becomes <c>~XX</c> (two
/// upper-case hex digits); every other character, unicode included, stays as it is.
/// </summary>
public static class TableKeys
{
    /// <summary>Azure's limit on a key (1 KiB of UTF-16).</summary>
    public const int MaxKeyLength = 512;

    private const char EscapeChar = '~';

    public static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or '!' or EscapeChar || char.IsControl(c);

    public static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!id.Any(NeedsEscape))
        {
            return Check(id, id);
        }

        var builder = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (NeedsEscape(c))
            {
                // Every character that needs escaping is below U+0100.
                builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return Check(id, builder.ToString());
    }

    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(EscapeChar, StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == EscapeChar)
            {
                if (i + 2 >= key.Length
                    || !int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw new FormatException($"table key '{key}' has a broken escape at {i}.");
                }

                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    private static string Check(string id, string key) =>
        key.Length <= MaxKeyLength
            ? key
            : throw new ArgumentException($"id '{id[..Math.Min(id.Length, 80)]}...' is too long for a table key ({key.Length} > {MaxKeyLength} characters escaped).", nameof(id));
}
