using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudFreq.Tests.Azurite;

/// <summary>
/// Installs Azurite from infra/local's lock file (<c>npm ci --prefix infra/local</c>) when the tests
/// need it and it is missing, so that <c>dotnet test CloudFreq.sln</c> works on a fresh clone.
/// Test assemblies run in parallel processes and each may start Azurite, so the check and the
/// install happen under an exclusive lock on <see cref="LockPath"/> (a file opened with
/// <see cref="FileShare.None"/>: an OS lock, released by the kernel if the holder dies, so a killed
/// test run never leaves a stale lock behind). The first caller installs; the others wait, re-check
/// and find it installed. <c>npm ci</c> deletes node_modules before it writes it again, which is why
/// nobody may even look at the folder while another process installs.
/// </summary>
public sealed class AzuriteInstaller
{
    /// <summary>The install command, as printed in messages (run in the repository root).</summary>
    public const string InstallCommand = "npm ci --prefix infra/local --no-audit --no-fund";

    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultInstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Func<CancellationToken, Task> install;
    private readonly TimeSpan lockTimeout;

    /// <param name="packageFolder">The folder holding package.json and package-lock.json (infra/local).</param>
    /// <param name="install">What installs the packages; <see cref="RunNpmCiAsync"/> by default (tests pass a fake).</param>
    /// <param name="lockTimeout">How long to wait for another process's install (10 minutes by default).</param>
    public AzuriteInstaller(string packageFolder, Func<CancellationToken, Task>? install = null, TimeSpan? lockTimeout = null)
    {
        PackageFolder = Path.GetFullPath(packageFolder);
        this.install = install ?? (cancellationToken => RunNpmCiAsync(PackageFolder, cancellationToken));
        this.lockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>infra/local (or the folder given).</summary>
    public string PackageFolder { get; }

    /// <summary>Azurite's entry script, which the fixture runs with <c>node</c>.</summary>
    public string ScriptPath => ScriptPathIn(PackageFolder);

    /// <summary>npm's hidden lock file, written when an install has finished (absent after an interrupted one).</summary>
    public string InstalledTreePath => Path.Combine(PackageFolder, "node_modules", ".package-lock.json");

    /// <summary>The lock file (beside package.json: npm ci deletes node_modules, so it cannot live there).</summary>
    public string LockPath => Path.Combine(PackageFolder, ".install.lock");

    /// <summary>Azurite's entry script under <paramref name="packageFolder"/>'s node_modules.</summary>
    public static string ScriptPathIn(string packageFolder) =>
        Path.Combine(packageFolder, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>
    /// True when a finished install of the pinned Azurite is there: the entry script and npm's hidden
    /// lock file exist, and the installed version is the one package.json pins (when it pins one).
    /// </summary>
    public bool IsInstalled()
    {
        if (!File.Exists(ScriptPath) || !File.Exists(InstalledTreePath))
        {
            return false;
        }

        // Only an exact pin is compared (a range such as ^3.37.0 is left to npm).
        var pinned = ReadString(Path.Combine(PackageFolder, "package.json"), "devDependencies", "azurite");
        return pinned is null
            || !Regex.IsMatch(pinned, @"^\d+\.\d+\.\d+$")
            || string.Equals(pinned, ReadString(Path.Combine(PackageFolder, "node_modules", "azurite", "package.json"), "version"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Installs Azurite unless it is installed: under the lock, checks, installs when needed, checks
    /// again. Returns true when this call ran the install, false when Azurite was already there
    /// (or another process installed it while this one waited).
    /// </summary>
    public async Task<bool> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        using var held = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        if (IsInstalled())
        {
            return false;
        }

        await install(cancellationToken).ConfigureAwait(false);
        if (!IsInstalled())
        {
            throw new InvalidOperationException(
                $"`{InstallCommand}` finished but Azurite is still not installed ({ScriptPath} or {InstalledTreePath} is missing, "
                + "or its version is not the one infra/local/package.json pins).");
        }

        return true;
    }

    /// <summary>Runs <see cref="InstallCommand"/> for <paramref name="packageFolder"/>; throws with npm's output if it fails.</summary>
    /// <param name="packageFolder">infra/local.</param>
    /// <param name="cancellationToken">Stops waiting (and kills npm).</param>
    /// <param name="npm">The npm executable (tests pass a missing one); npm (npm.cmd on Windows) on the PATH by default.</param>
    public static async Task RunNpmCiAsync(string packageFolder, CancellationToken cancellationToken = default, string? npm = null)
    {
        // npm is npm.cmd on Windows, which Process.Start finds only by its full name.
        var start = new ProcessStartInfo(npm ?? (OperatingSystem.IsWindows() ? "npm.cmd" : "npm"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = packageFolder,
        };
        foreach (var argument in (string[])["ci", "--prefix", packageFolder, "--no-audit", "--no-fund", "--loglevel=error"])
        {
            start.ArgumentList.Add(argument);
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Azurite (the storage emulator these tests start) is not installed, and npm is not on the PATH to install it ({e.Message}). "
                + $"Install Node.js 20 or later with npm, then run `{InstallCommand}` in the repository root "
                + $"(or set {AzuriteFixture.EnvironmentVariable} to use a running emulator or account).",
                e);
        }

        using var process = started ?? throw new InvalidOperationException($"`{InstallCommand}` did not start.");
        var output = new List<string>();
        void Remember(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.Add(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultInstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"`{InstallCommand}` did not finish within {DefaultInstallTimeout.TotalMinutes:0} minutes.");
        }

        process.WaitForExit(); // drains the redirected output
        if (process.ExitCode != 0)
        {
            string tail;
            lock (output)
            {
                tail = string.Join(Environment.NewLine, output.TakeLast(30));
            }

            throw new InvalidOperationException(
                $"installing Azurite failed: `{InstallCommand}` exited with code {process.ExitCode} (needs the npm registry, or a cache holding "
                + $"infra/local/package-lock.json's packages):{Environment.NewLine}{tail}");
        }
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + lockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive OS lock (flock on Unix): a second open, from this
                // process or another, fails with an IOException until the first is disposed.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException(
                    $"another process held {LockPath} (installing Azurite) for more than {lockTimeout.TotalMinutes:0.#} minutes.", e);
            }
        }
    }

    private static string? ReadString(string packageJson, params string[] path)
    {
        if (!File.Exists(packageJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            var element = document.RootElement;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
