using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Corruptions;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Resolves a suite (a built-in name or a JSON file listing analyses with their parameters) into analyses.
/// </summary>
/// <remarks>
/// A suite file: <c>{ "analyses": [ { "name": "clean" }, { "name": "hybrid", "seeds": [0, 1], "images": 1000 } ] }</c>.
/// Built-in suites are written in the same format (<see cref="BuiltInSuites"/>).
/// </remarks>
public sealed class AnalysisCatalog
{
    private readonly Dictionary<string, Func<AnalysisParameters, IAnalysis>> _analyses;

    public AnalysisCatalog()
        : this(DefaultCorruptions.Create())
    {
    }

    public AnalysisCatalog(CorruptionCatalog corruptions)
        : this(corruptions, AttackRequestFactory.Create)
    {
    }

    /// <param name="corruptions">The corruptions by name.</param>
    /// <param name="attacks">Builds the attacks the attack analyses ask for.</param>
    public AnalysisCatalog(CorruptionCatalog corruptions, Func<AttackRequest, IAttack> attacks)
    {
        _analyses = new(StringComparer.Ordinal)
        {
            [CleanAccuracyAnalysis.AnalysisName] = p => new CleanAccuracyAnalysis(CleanAccuracyOptions.From(p)),
            [FrequencySweepAnalysis.AnalysisName] = p => new FrequencySweepAnalysis(FrequencySweepOptions.From(p)),
            [HybridAnalysis.AnalysisName] = p => new HybridAnalysis(HybridOptions.From(p)),
            [CorruptionsAnalysis.AnalysisName] = p => new CorruptionsAnalysis(CorruptionsOptions.From(p, corruptions.Names), corruptions),
            [AttackAnalysis.AnalysisName] = p => new AttackAnalysis(AttackOptions.From(p), attacks),
            [MinPerturbationAnalysis.AnalysisName] = p => new MinPerturbationAnalysis(MinPerturbationOptions.From(p), attacks),
            [BlurDefenseAnalysis.AnalysisName] = p => new BlurDefenseAnalysis(
                BlurDefenseOptions.From(p, corruptions.Names, CorruptionCatalog.Benchmark), corruptions, attacks),
            [FourierHeatmapAnalysis.AnalysisName] = p => new FourierHeatmapAnalysis(FourierHeatmapOptions.From(p)),
            [NoiseSweepAnalysis.AnalysisName] = p => new NoiseSweepAnalysis(NoiseSweepOptions.From(p)),
        };
    }

    public IReadOnlyCollection<string> SuiteNames => BuiltInSuites.Names;

    public IReadOnlyCollection<string> AnalysisNames => _analyses.Keys;

    public IReadOnlyList<IAnalysis> ResolveSuite(string suite)
    {
        if (BuiltInSuites.TryGet(suite, out var json))
        {
            return Parse(json, $"built-in suite '{suite}'");
        }

        if (File.Exists(suite))
        {
            return Parse(File.ReadAllText(suite), suite);
        }

        throw new CloudFreqException(
            $"suite '{suite}': neither a built-in suite ({string.Join(", ", BuiltInSuites.Names)}) nor a suite file.");
    }

    private List<IAnalysis> Parse(string json, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{where}: not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("analyses", out var analyses)
                || analyses.ValueKind != JsonValueKind.Array)
            {
                throw new CloudFreqException($"{where}: a suite needs an 'analyses' array, for example {{\"analyses\": [{{\"name\": \"clean\"}}]}}.");
            }

            var result = new List<IAnalysis>();
            var index = 0;
            foreach (var entry in analyses.EnumerateArray())
            {
                var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()!
                    : throw new CloudFreqException($"{where}: analyses[{index}] needs a string 'name'.");
                if (!_analyses.TryGetValue(name, out var factory))
                {
                    throw new CloudFreqException($"{where}: analyses[{index}]: analysis '{name}' is unknown; known: {string.Join(", ", _analyses.Keys)}.");
                }

                if (result.Any(a => a.Name == name))
                {
                    throw new CloudFreqException($"{where}: analyses[{index}]: '{name}' appears twice; one entry per analysis.");
                }

                result.Add(factory(new AnalysisParameters(entry.Clone(), $"{where}: analyses[{index}] ({name})")));
                index++;
            }

            return result.Count > 0 ? result : throw new CloudFreqException($"{where}: the suite lists no analyses.");
        }
    }
}
