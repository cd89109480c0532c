namespace CloudFreq.Orchestrations.Runs;

/// <summary>Hears how a run advances: hosts turn this into progress bars or log lines.</summary>
public interface IRunObserver
{
    /// <summary>The run is planned; <paramref name="pendingImages"/> images remain to be scored (over all items).</summary>
    void Planned(int totalItems, int pendingItems, long pendingImages);

    /// <summary>Images finished inside the current item.</summary>
    void ImagesDone(int images);

    /// <summary>An item finished and its result is stored.</summary>
    void ItemDone(WorkItem item, ItemResult result);

    /// <summary>The report is being written.</summary>
    void Summarizing();
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    public void Planned(int totalItems, int pendingItems, long pendingImages)
    {
    }

    public void ImagesDone(int images)
    {
    }

    public void ItemDone(WorkItem item, ItemResult result)
    {
    }

    public void Summarizing()
    {
    }
}
