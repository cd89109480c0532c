using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CloudFreq.Infra.Tests;

/// <summary>Where the repository and the Bicep CLI (from the NuGet package) are, and how to run a tool.</summary>
internal static class InfraPaths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot, "infra");

    public static string BicepPath { get; } = EnsureExecutable(Metadata("BicepPath"));

    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Where(NotUnderLocal).Order(StringComparer.Ordinal);

    public static IEnumerable<string> BicepParamFiles() =>
        Directory.EnumerateFiles(InfraDirectory, "*.bicepparam", SearchOption.AllDirectories).Where(NotUnderLocal).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    /// <summary>Runs a program; returns its exit code and stdout + stderr together.</summary>
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Bicep: no telemetry, no update checks from a test.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A null value removes the variable (a test must not see the developer's deployment settings).
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        output.Append(process.StandardOutput.ReadToEnd());
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish.");
        }

        output.Append(stderr.GetAwaiter().GetResult());
        return (process.ExitCode, output.ToString());
    }

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static bool NotUnderLocal(string path) =>
        !Relative(path).Split('/').Any(segment => segment is "local" or "node_modules" or "bin" or "obj");

    private static string Metadata(string key) =>
        typeof(InfraPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");

    private static string EnsureExecutable(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}: restore tests/Infra.Tests (package Azure.Bicep.CommandLine.linux-x64).", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return path;
    }
}
