using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Resolves a suite (a built-in name or a JSON file listing analyses) into analyses.
/// </summary>
/// <remarks>
/// A suite file: <c>{ "analyses": [ { "name": "clean" } ] }</c>. Built-in suites: <c>clean</c>.
/// </remarks>
public sealed class AnalysisCatalog
{
    private readonly Dictionary<string, Func<IAnalysis>> _analyses = new(StringComparer.Ordinal)
    {
        [CleanAccuracyAnalysis.AnalysisName] = () => new CleanAccuracyAnalysis(),
    };

    private readonly Dictionary<string, string[]> _suites = new(StringComparer.Ordinal)
    {
        ["clean"] = [CleanAccuracyAnalysis.AnalysisName],
    };

    public IReadOnlyCollection<string> SuiteNames => _suites.Keys;

    public IReadOnlyList<IAnalysis> ResolveSuite(string suite)
    {
        if (_suites.TryGetValue(suite, out var names))
        {
            return [.. names.Select(Create)];
        }

        if (File.Exists(suite))
        {
            return ReadSuiteFile(suite);
        }

        throw new CloudFreqException(
            $"suite '{suite}': neither a built-in suite ({string.Join(", ", _suites.Keys)}) nor a suite file.");
    }

    private IAnalysis Create(string name) => _analyses.TryGetValue(name, out var factory)
        ? factory()
        : throw new CloudFreqException($"analysis '{name}' is unknown; known: {string.Join(", ", _analyses.Keys)}.");

    private List<IAnalysis> ReadSuiteFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("analyses", out var analyses) || analyses.ValueKind != JsonValueKind.Array)
            {
                throw new CloudFreqException($"{path}: a suite file needs an 'analyses' array, for example {{\"analyses\": [{{\"name\": \"clean\"}}]}}.");
            }

            var result = new List<IAnalysis>();
            var index = 0;
            foreach (var entry in analyses.EnumerateArray())
            {
                var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()!
                    : throw new CloudFreqException($"{path}: analyses[{index}] needs a string 'name'.");
                try
                {
                    result.Add(Create(name));
                }
                catch (CloudFreqException ex)
                {
                    throw new CloudFreqException($"{path}: analyses[{index}]: {ex.Message}", ex);
                }

                index++;
            }

            return result.Count > 0 ? result : throw new CloudFreqException($"{path}: the suite lists no analyses.");
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{path}: not valid JSON: {ex.Message}", ex);
        }
    }
}
