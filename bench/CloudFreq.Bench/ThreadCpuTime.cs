using System.Runtime.InteropServices;

namespace CloudFreq.Bench;

/// <summary>
/// The calling thread's CPU time. On a shared machine a one-thread kernel's wall time moves 2-3x
/// with other jobs' load while its own thread's CPU time stays within a few percent; the process's
/// CPU time also counts the JIT and GC threads. Linux only (clock_gettime); elsewhere the process's.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Milliseconds of CPU time this thread has used (the process's where that is unavailable).</summary>
    public static double Milliseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
        }

        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
