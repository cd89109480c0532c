namespace CloudFreq.Core.Reports;

/// <summary>Distinct names in first-seen order.</summary>
internal sealed class OrderedNames
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public void Add(string name)
    {
        if (_seen.Add(name))
        {
            _names.Add(name);
        }
    }
}
