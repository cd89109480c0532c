namespace CloudFreq.Core.Reports;

/// <summary>The accuracy curves of every model for one (filter, shape) of a frequency sweep on one dataset.</summary>
internal sealed class SweepCurves(string filter, string shape)
{
    private readonly Dictionary<string, SortedDictionary<double, double?>> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double?> _cutoffHalf = new(StringComparer.Ordinal);
    private readonly HashSet<double> _cutoffs = [];

    public string Filter { get; } = filter;

    public string Shape { get; } = shape;

    /// <summary>Every cutoff any model was measured at.</summary>
    public IReadOnlyCollection<double> Cutoffs => _cutoffs;

    public void AddPoint(string model, double cutoff, double? accuracy)
    {
        if (!_points.TryGetValue(model, out var points))
        {
            points = [];
            _points[model] = points;
        }

        // First row wins, as in the summary tables; the all-results table shows any duplicate.
        points.TryAdd(cutoff, accuracy);
        _cutoffs.Add(cutoff);
    }

    public void SetCutoffHalf(string model, double? value) => _cutoffHalf.TryAdd(model, value);

    public bool HasModel(string model) => _points.ContainsKey(model);

    /// <summary>The model's points in cutoff order.</summary>
    public IEnumerable<(double Cutoff, double? Accuracy)> Points(string model) =>
        _points.TryGetValue(model, out var points) ? points.Select(point => (point.Key, point.Value)) : [];

    public bool TryGetAccuracy(string model, double cutoff, out double? accuracy)
    {
        accuracy = null;
        return _points.TryGetValue(model, out var points) && points.TryGetValue(cutoff, out accuracy);
    }

    public bool HasCutoffHalf(string model) => _cutoffHalf.ContainsKey(model);

    /// <summary>The model's cutoff_half; null when undefined (never crosses) or not measured.</summary>
    public double? CutoffHalf(string model) => _cutoffHalf.GetValueOrDefault(model);
}
