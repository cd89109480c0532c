using System.Diagnostics;
using System.Globalization;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>Splits a whole run's time into planning, items and summary (with report), for the breakdown lines.</summary>
internal sealed class PhaseObserver : IRunObserver
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private double _planned;
    private double _lastItem;
    private double _summarizing;

    public void Planned(int totalItems, int pendingItems, long pendingImages) => _planned = _watch.Elapsed.TotalSeconds;

    public void ImagesDone(int images)
    {
    }

    public void ItemDone(WorkItem item, ItemResult result) => _lastItem = _watch.Elapsed.TotalSeconds;

    public void Summarizing() => _summarizing = _watch.Elapsed.TotalSeconds;

    /// <summary>"plan a s, items b s, summary and report c s" up to now.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"plan {_planned:F2} s, items {_lastItem - _planned:F2} s, summary and report {_watch.Elapsed.TotalSeconds - Math.Max(_summarizing, _lastItem):F2} s");
}
