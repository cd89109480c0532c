namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// The suites <c>cloudfreq evaluate --suite NAME</c> knows, in the suite file format. Each states
/// how many images each analysis uses (DESIGN.md section 4, "Cost").
/// </summary>
public static class BuiltInSuites
{
    private static readonly Dictionary<string, string> Suites = new(StringComparer.Ordinal)
    {
        ["clean"] = """{ "analyses": [ { "name": "clean" } ] }""",
    };

    public static IReadOnlyCollection<string> Names => Suites.Keys;

    public static bool TryGet(string name, out string json) => Suites.TryGetValue(name, out json!);
}
