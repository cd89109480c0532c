namespace CloudFreq.Core.Tests;

/// <summary>
/// Locates ../shared (the data and models every developer and CI run has beside the repository),
/// or the folder named by CLOUDFREQ_SHARED.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The repository root (the folder holding CloudFreq.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CLOUDFREQ_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException($"../shared not found beside {RepositoryRoot}; set CLOUDFREQ_SHARED.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CloudFreq.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CloudFreq.sln not found above " + AppContext.BaseDirectory);
    }
}
