using System.Text.RegularExpressions;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// A Dockerfile read as instructions and stages, for tests that check images on a machine without a
/// Docker engine: continuation lines joined, comments skipped, <c>${ARG}</c> in FROM resolved from the
/// file's global ARG defaults.
/// </summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Instruction> instructions)
    {
        Path = path;
        Instructions = instructions;
        GlobalArgs = instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG" && i.Arguments.Contains('=', StringComparison.Ordinal))
            .Select(i => i.Arguments.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'));
        var stages = new List<Stage>();
        for (var index = 0; index < instructions.Count; index++)
        {
            if (instructions[index].Keyword != "FROM")
            {
                continue;
            }

            var parts = instructions[index].Arguments.Split(' ');
            var end = instructions.Skip(index + 1).ToList().FindIndex(i => i.Keyword == "FROM");
            var body = instructions.Skip(index + 1).Take(end < 0 ? int.MaxValue : end).ToList();
            var alias = parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
            stages.Add(new Stage(Resolve(parts[0]), alias, body));
        }

        Stages = stages;
    }

    public string Path { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>ARG defaults declared before the first FROM (the ones FROM may use).</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The last stage: the image that is shipped.</summary>
    public Stage Runtime => Stages[^1];

    public Stage StageNamed(string alias) =>
        Stages.SingleOrDefault(s => s.Alias == alias) ?? throw new InvalidOperationException($"{Path}: no stage '{alias}' (stages: {string.Join(", ", Stages.Select(s => s.Alias))})");

    public static Dockerfile Load(string path) => new(path, Parse(File.ReadAllText(path)));

    public static Dockerfile FromText(string text) => new("<text>", Parse(text));

    private string Resolve(string value) =>
        ArgReference().Replace(value, m => GlobalArgs.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"{Path}: FROM uses ${{{m.Groups[1].Value}}}, which has no default"));

    internal static List<Instruction> Parse(string dockerfile)
    {
        var result = new List<Instruction>();
        var current = string.Empty;
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var continued = line.EndsWith('\\');
            current += (current.Length > 0 ? " " : string.Empty) + (continued ? line[..^1] : line).Trim();
            if (continued)
            {
                continue;
            }

            if (current.Trim().Length > 0)
            {
                current = current.Trim();
                var space = current.IndexOf(' ', StringComparison.Ordinal);
                var keyword = (space < 0 ? current : current[..space]).ToUpperInvariant();
                var arguments = space < 0 ? string.Empty : WhiteSpace().Replace(current[(space + 1)..].Trim(), " ");
                result.Add(new Instruction(keyword, arguments));
            }

            current = string.Empty;
        }

        return result;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgReference();

    internal sealed record Instruction(string Keyword, string Arguments);

    internal sealed record Stage(string BaseImage, string? Alias, IReadOnlyList<Instruction> Body)
    {
        public IEnumerable<Instruction> Where(string keyword) => Body.Where(i => i.Keyword == keyword);

        /// <summary>The ENV variables of the stage (<c>ENV A=b C=d</c>; values without spaces).</summary>
        public IReadOnlyDictionary<string, string> Environment() =>
            Where("ENV").SelectMany(i => i.Arguments.Split(' ')).Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1].Trim('"'));
    }
}
