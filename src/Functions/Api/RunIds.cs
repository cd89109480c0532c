namespace CloudFreq.Functions.Api;

/// <summary>Run ids as routes accept them: 1 to 128 characters of letters, digits, '-', '_' and '.', not starting with '.'.</summary>
public static class RunIds
{
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="id"/> is acceptable, otherwise why not.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "the run id is empty.";
        }

        if (id.Length > MaxLength)
        {
            return $"the run id is longer than {MaxLength} characters.";
        }

        if (id[0] == '.')
        {
            return "the run id must not start with '.'.";
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return "the run id may hold only letters, digits, '-', '_' and '.'.";
            }
        }

        return null;
    }
}
