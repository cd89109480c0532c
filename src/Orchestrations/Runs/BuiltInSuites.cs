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
        ["noise"] = """{ "analyses": [ { "name": "clean" }, { "name": "noise" } ] }""",

        // The study in small: every kind of measure the cross-model study relates (frequency preference from
        // the ideal sweeps and hybrids; robustness from corruptions, PGD and noise), sized so the four sample
        // models finish in under 3 minutes on 2 cores. One corruption per frequency group at severities 1, 3, 5;
        // PGD-10 at the study's L-inf 8/255 only; Gaussian noise up to sigma 0.7, since the sample's blur- and
        // noise-trained models keep most of their accuracy at the default grid's 0.3.
        ["study"] = """
            {
              "analyses": [
                { "name": "clean" },
                { "name": "frequency-sweep", "images": 1000, "shapes": ["ideal"] },
                { "name": "hybrid", "images": 1000, "seeds": [0, 1] },
                { "name": "corruptions", "images": 1000, "corruptions": ["fog", "contrast", "defocus_blur", "jpeg_compression", "gaussian_noise", "impulse_noise"], "severities": [1, 3, 5] },
                { "name": "attack", "images": 500, "attacks": ["pgd"], "linf": ["8/255"], "l2": [], "steps": 10, "ensemble": false },
                { "name": "noise", "images": 1000, "levels": { "gaussian": [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7] } }
              ]
            }
            """,

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
