using CloudFreq.Orchestrations.Estimates;

namespace CloudFreq.Orchestrations.Tests.Estimates;

/// <summary><see cref="WorkerSchedule"/>: whole items over N workers, longest first, setup on every worker.</summary>
public sealed class WorkerScheduleTests
{
    [Fact]
    public void WallSeconds_EqualItemsOnTwoWorkers_IsHalfTheWorkPlusSetup()
    {
        Assert.Equal(20 + 1.5, WorkerSchedule.WallSeconds([10, 10, 10, 10], workers: 2, setupSeconds: 1.5), 9);
    }

    [Fact]
    public void WallSeconds_OneWorker_IsAllTheWorkPlusSetup()
    {
        Assert.Equal(6 + 1, WorkerSchedule.WallSeconds([1, 2, 3], workers: 1, setupSeconds: 1), 9);
    }

    [Fact]
    public void WallSeconds_MoreWorkersThanItems_IsTheLongestItem()
    {
        Assert.Equal(7, WorkerSchedule.WallSeconds([7, 2], workers: 4, setupSeconds: 0), 9);
    }

    [Fact]
    public void WallSeconds_UnequalItems_GoLongestFirstToTheFreeWorker()
    {
        // 2 workers: 5 | 4, then 3 to the one free at 4, then 2 to the one free at 5: 7 and 7.
        Assert.Equal(7, WorkerSchedule.WallSeconds([2, 3, 4, 5], workers: 2, setupSeconds: 0), 9);
    }

    [Fact]
    public void WallSeconds_NothingToDo_IsZero()
    {
        Assert.Equal(0, WorkerSchedule.WallSeconds([], workers: 3, setupSeconds: 2));
    }

    [Fact]
    public void WallSeconds_NoWorkers_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerSchedule.WallSeconds([1], workers: 0, setupSeconds: 0));
    }
}
