using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace CloudFreq.Tests.Azurite;

/// <summary>
/// Azurite (the Azure Storage emulator from npm, pinned in infra/local) for integration tests: one
/// process per test collection on three free loopback ports, with its data in a temporary folder
/// (not in memory) so that <see cref="StopAsync"/> and <see cref="StartAsync"/> can restart it
/// mid-test on the same ports with the same blobs, queues and tables (retry tests).
/// When the environment variable <c>AZURITE_CONNECTION_STRING</c> is set, that account is used
/// instead and nothing is started (it cannot be stopped then).
/// Other test projects link this file and <c>AzuriteInstaller.cs</c> (<c>&lt;Compile Include="../Orchestrations.Tests/Azurite/AzuriteFixture.cs" Link="Azurite/AzuriteFixture.cs" /&gt;</c>)
/// and declare their own collection, like <see cref="AzuriteCollection"/>.
/// Needs Node.js with npm: when Azurite is missing, <see cref="StartAsync"/> installs it from
/// infra/local's lock file first (<see cref="AzuriteInstaller"/>: <c>npm ci --prefix infra/local</c>,
/// once across parallel test processes).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IDisposable
{
    public const string EnvironmentVariable = "AZURITE_CONNECTION_STRING";

    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known key of <see cref="AccountName"/> (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string InstallHint = "run `" + AzuriteInstaller.InstallCommand + "` in the repository root (needs Node.js 20 or later)";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock gate = new();
    private readonly Queue<string> output = new();
    private Process? process;
    private string? connectionString;

    public AzuriteFixture()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            connectionString = external.Trim();
            IsExternal = true;
        }
    }

    /// <summary>True when the account comes from <c>AZURITE_CONNECTION_STRING</c> (nothing started here).</summary>
    public bool IsExternal { get; }

    /// <summary>The account's connection string (explicit blob, queue and table endpoints on 127.0.0.1).</summary>
    public string ConnectionString => connectionString ?? throw new InvalidOperationException("Azurite has not been started yet.");

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>Azurite's data folder (kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>, deleted on dispose).</summary>
    public string? Location { get; private set; }

    /// <summary>True while the emulator started here is running (always true for an external account).</summary>
    public bool IsRunning => IsExternal || process is { HasExited: false };

    /// <summary>The repository root (the folder holding CloudFreq.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>infra/local: Azurite's package.json and lock file.</summary>
    public static string PackageFolder { get; } = Path.Combine(RepositoryRoot, "infra", "local");

    /// <summary>The Azurite entry script that <c>npm ci --prefix infra/local</c> installs.</summary>
    public static string ScriptPath { get; } = AzuriteInstaller.ScriptPathIn(PackageFolder);

    /// <summary>A name no other test uses: lower-case letters and digits, valid for containers, queues and tables.</summary>
    public static string UniqueName(string prefix = "t") =>
        (prefix + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();

    public Task InitializeAsync() => IsExternal ? Task.CompletedTask : StartAsync();

    /// <summary>Starts Azurite (again: same ports, same data) and waits until all three services accept connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsExternal || IsRunning)
        {
            return;
        }

        // A fresh clone has no node_modules: install Azurite from the lock file (under a lock shared
        // with the other test processes; a quick check when it is there).
        await new AzuriteInstaller(PackageFolder).EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);

        if (Location is null)
        {
            Location = Path.Combine(Path.GetTempPath(), $"cloudfreq-azurite-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Location);
            var ports = FreePorts(3);
            (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
            connectionString = string.Create(
                CultureInfo.InvariantCulture,
                $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
                + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};"
                + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};"
                + $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Location,
        };
        var watchdog = Path.Combine(RepositoryRoot, "infra", "local", "parent-watchdog.cjs");
        if (File.Exists(watchdog))
        {
            // Azurite exits by itself if this process dies without disposing the fixture.
            start.ArgumentList.Add("--require");
            start.ArgumentList.Add(watchdog);
            start.Environment["CLOUDFREQ_AZURITE_PARENT_PID"] = Invariant(Environment.ProcessId);
        }

        foreach (var argument in (string[])[
            ScriptPath, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--location", Location,
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(TablePort)])
        {
            start.ArgumentList.Add(argument);
        }

        Process started;
        try
        {
            started = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start Azurite: Node.js ('node') is not on the PATH ({e.Message}); install it, then {InstallHint}.", e);
        }

        started.OutputDataReceived += (_, e) => Remember(e.Data);
        started.ErrorDataReceived += (_, e) => Remember(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in (int[])[BlobPort, QueuePort, TablePort])
        {
            while (!await AcceptsAsync(port, cancellationToken).ConfigureAwait(false))
            {
                if (started.HasExited)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited with code {started.ExitCode} before listening on port {port}: {RecentOutput()}"
                        + (RecentOutput().Contains("Cannot find module", StringComparison.Ordinal) ? $" ({InstallHint})" : string.Empty));
                }

                if (DateTime.UtcNow > deadline)
                {
                    Kill();
                    throw new TimeoutException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds:0} s: {RecentOutput()}");
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops Azurite: gracefully (SIGTERM, so it saves its data) unless <paramref name="kill"/>, in which
    /// case the process tree is killed at once (data written in the last seconds may be lost).
    /// </summary>
    public async Task StopAsync(bool kill = false)
    {
        if (IsExternal)
        {
            throw new NotSupportedException($"the account of {EnvironmentVariable} cannot be stopped by the tests.");
        }

        var running = process;
        if (running is null || running.HasExited)
        {
            return;
        }

        if (!kill && !OperatingSystem.IsWindows())
        {
            using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Invariant(running.Id) }, UseShellExecute = false });
            if (signal is not null)
            {
                await signal.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: killed below.
            }
        }

        Kill();
        process = null;
        running.Dispose();
    }

    /// <summary>Synchronous <see cref="StartAsync"/>.</summary>
    public void Start() => StartAsync().GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="StopAsync"/>.</summary>
    public void Stop(bool kill = false) => StopAsync(kill).GetAwaiter().GetResult();

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
        process = null;
        if (Location is not null && Directory.Exists(Location))
        {
            try
            {
                Directory.Delete(Location, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the temp folder is cleaned later.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The last lines Azurite wrote (for failure messages).</summary>
    public string RecentOutput()
    {
        lock (gate)
        {
            return output.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, output);
        }
    }

    private void Kill()
    {
        var running = process;
        if (running is null)
        {
            return;
        }

        try
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
                running.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.Enqueue(line);
            while (output.Count > 40)
            {
                output.Dequeue();
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static int[] FreePorts(int count)
    {
        // Hold all listeners open together so the ports differ, then release them for Azurite.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudFreq.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"CloudFreq.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The test collection sharing one <see cref="AzuriteFixture"/> (one Azurite process for its classes).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
