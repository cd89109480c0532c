namespace CloudFreq.Bench;

/// <summary>Finds ../shared beside the repository (or CLOUDFREQ_SHARED), and the repository itself.</summary>
internal static class BenchPaths
{
    /// <summary>A path inside the repository (the folder holding CloudFreq.sln above the build output).</summary>
    public static string Repo(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudFreq.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("CloudFreq.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Shared(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("CLOUDFREQ_SHARED");
        if (string.IsNullOrEmpty(root))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CloudFreq.sln")))
                {
                    root = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                    break;
                }
            }
        }

        return Path.Combine([root ?? throw new DirectoryNotFoundException("set CLOUDFREQ_SHARED"), .. parts]);
    }
}
