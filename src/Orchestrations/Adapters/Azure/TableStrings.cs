using Azure.Data.Tables;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// Strings longer than a table property may hold (64 KiB, 32 K UTF-16 characters): stored in chunks
/// of <see cref="ChunkLength"/> characters as <c>NAME0..NAME{n-1}</c> with the count in <c>NAMEParts</c>.
/// A whole entity is still limited to 1 MiB, so about 450,000 characters in all.
/// </summary>
internal static class TableStrings
{
    public const int ChunkLength = 30_000;

    public static void Write(TableEntity entity, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        var parts = 0;
        for (var start = 0; start < value.Length || parts == 0; parts++)
        {
            var length = Math.Min(ChunkLength, value.Length - start);

            // Never split a surrogate pair: a lone surrogate does not survive JSON.
            if (length > 0 && start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--;
            }

            entity[$"{name}{parts}"] = value.Substring(start, length);
            start += length;
        }

        entity[$"{name}Parts"] = parts;
    }

    public static string? Read(TableEntity entity, string name)
    {
        var parts = entity.GetInt32($"{name}Parts");
        if (parts is null)
        {
            return null;
        }

        if (parts == 1)
        {
            return entity.GetString($"{name}0") ?? string.Empty;
        }

        return string.Concat(Enumerable.Range(0, parts.Value).Select(i => entity.GetString($"{name}{i}")));
    }
}
