namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The rules for blob names in run specs: container first (<c>datasets/...</c>, <c>models/...</c>,
/// <c>suites/...</c>), no <c>..</c>, no backslash, no leading '/', no empty segments.
/// </summary>
public static class BlobNameRules
{
    /// <summary>Checks <paramref name="name"/> and returns it (a dataset prefix loses one trailing '/').</summary>
    /// <exception cref="RunSpecException">The name breaks a rule; <paramref name="field"/> is the offending field.</exception>
    public static string Check(string? name, string container, string field, bool isPrefix = false)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RunSpecException(field, $"{field}: a blob name is required, such as '{container}/NAME'.");
        }

        if (isPrefix && name.Length > 1 && name.EndsWith('/'))
        {
            name = name[..^1];
        }

        string? problem = name switch
        {
            _ when name.Contains('\\', StringComparison.Ordinal) => "contains a backslash",
            _ when name.StartsWith('/') => "starts with '/'",
            _ when name.Contains("..", StringComparison.Ordinal) => "contains '..'",
            _ when name.Split('/').Any(s => s.Length == 0) => "has an empty segment",
            _ when name.Any(char.IsControl) => "contains a control character",
            _ when !name.StartsWith(container + "/", StringComparison.Ordinal) => $"does not start with the container '{container}/'",
            _ => null,
        };
        return problem is null
            ? name
            : throw new RunSpecException(field, $"{field}: blob name '{name}' {problem}; expected '{container}/NAME' relative to the storage account.");
    }

    /// <summary>The last segment: a dataset's name in reports (<c>datasets/mnist60</c> -> <c>mnist60</c>).</summary>
    public static string LastSegment(string name) => name[(name.LastIndexOf('/') + 1)..];
}
