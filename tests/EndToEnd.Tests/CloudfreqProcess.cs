using System.Diagnostics;
using System.Text;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.EndToEnd.Tests;

/// <summary>
/// The real <c>cloudfreq</c> executable (src/Cli's build output) as a child process: commands that
/// run to completion, and long-running workers that tests kill with SIGKILL.
/// </summary>
internal sealed class CloudfreqProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CloudfreqProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The executable: the Cli project's build output of the same configuration as these tests.</summary>
    public static string Dll { get; } = FindDll();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static CloudfreqProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new CloudfreqProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet"));
    }

    /// <summary>Runs a command to completion; fails the test with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"cloudfreq {string.Join(' ', args)} did not finish in {timeout}:\n{process.Output}");
        }

        process._process.WaitForExit();
        Assert.True(process._process.ExitCode == 0, $"cloudfreq {string.Join(' ', args)} exited with {process._process.ExitCode}:\n{process.Output}");
        return process.Output;
    }

    /// <summary>SIGKILL, the whole process tree: no graceful shutdown, leases are simply lost.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: workers log every item.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }

    private static string FindDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0/
        var path = Path.Combine(AzuriteFixture.RepositoryRoot, "src", "Cli", "bin", configuration, "net10.0", "cloudfreq.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the cloudfreq executable is not built: {path}");
    }
}
