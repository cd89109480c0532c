using System.Runtime.InteropServices;

namespace CloudFreq.Orchestrations.Adapters.Local;

/// <summary>
/// Puts a fully written temporary file in place under a new name, atomically and only if that name
/// is free: the create-if-absent step of the folder blob store. .NET's File.Move without overwrite
/// checks for the target and then renames, which two writers can both pass; POSIX link(2) fails
/// with EEXIST for all but one of them, and Windows' MoveFileEx without REPLACE_EXISTING is atomic.
/// </summary>
internal static partial class ExclusiveLink
{
    private const int EEXIST = 17;

    // Serializes the fallback (file systems without hard links) within this process.
    private static readonly Lock FallbackGate = new();

    /// <summary>True when <paramref name="target"/> now holds <paramref name="temp"/>'s content; false when it already existed.</summary>
    public static bool TryPublish(string temp, string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Link(temp, target) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST)
            {
                return false;
            }
        }

        lock (FallbackGate)
        {
            try
            {
                File.Move(temp, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
