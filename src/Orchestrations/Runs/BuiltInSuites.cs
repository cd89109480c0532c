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
        ["frequency"] = """{ "analyses": [ { "name": "clean" }, { "name": "frequency-sweep" } ] }""",
        ["hybrid"] = """{ "analyses": [ { "name": "clean" }, { "name": "hybrid" } ] }""",
        ["corruptions"] = """{ "analyses": [ { "name": "clean" }, { "name": "corruptions" } ] }""",

        // Sized to finish in minutes per model on a laptop: 1,000 images for filters, hybrids,
        // corruptions and noise, 2 seeds; a few hundred images for attacks with short schedules.
        ["paper"] = """
            {
              "analyses": [
                { "name": "clean" },
                { "name": "frequency-sweep", "images": 1000 },
                { "name": "hybrid", "images": 1000, "seeds": [0, 1] },
                { "name": "corruptions", "images": 1000 },
                { "name": "attack", "images": 200, "steps": 10, "apgd_iterations": 20, "apgd_targets": 3, "square_queries": 300 },
                { "name": "min-perturbation", "images": 200, "steps": 50 },
                { "name": "blur-defense", "images": 200, "steps": 10 },
                { "name": "fourier-heatmap", "images": 1000 },
                { "name": "noise", "images": 1000 }
              ]
            }
            """,

        // The study's whole protocol, meant for many workers.
        ["paper-full"] = """
            {
              "analyses": [
                { "name": "clean" },
                { "name": "frequency-sweep" },
                { "name": "hybrid", "seeds": [0, 1, 2, 3, 4, 5] },
                { "name": "corruptions" },
                { "name": "attack", "steps": 50, "restarts": 2 },
                { "name": "min-perturbation", "images": 1000 },
                { "name": "blur-defense", "images": 2000, "steps": 50 },
                { "name": "fourier-heatmap" },
                { "name": "noise" }
              ]
            }
            """,

        ["attacks"] = """{ "analyses": [ { "name": "clean" }, { "name": "attack", "images": 500 }, { "name": "min-perturbation", "images": 500 } ] }""",
        ["fourier"] = """{ "analyses": [ { "name": "clean" }, { "name": "fourier-heatmap", "images": 1000 } ] }""",
        ["blur-defense"] = """{ "analyses": [ { "name": "clean" }, { "name": "blur-defense", "images": 500 } ] }""",
    };

    public static IReadOnlyCollection<string> Names => Suites.Keys;

    public static bool TryGet(string name, out string json) => Suites.TryGetValue(name, out json!);
}
