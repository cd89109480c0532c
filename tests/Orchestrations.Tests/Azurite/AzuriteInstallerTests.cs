using CloudFreq.Tests.Azurite;

namespace CloudFreq.Orchestrations.Tests.Azurite;

/// <summary>
/// The install decision of <see cref="AzuriteInstaller"/> with a fake install command in a temporary
/// infra/local: skipped when Azurite is there, run when it is missing, interrupted or of another
/// version, run once for concurrent callers, and held back while another holder has the lock file.
/// </summary>
public sealed class AzuriteInstallerTests : IDisposable
{
    private const string Pinned = "3.37.0";

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"cloudfreq-installer-{Guid.NewGuid():N}");
    private int installs;
    private int running;
    private int mostRunning;

    public AzuriteInstallerTests()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "package.json"), $$"""{ "private": true, "devDependencies": { "azurite": "{{Pinned}}" } }""");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Installed_TheInstallIsSkipped()
    {
        WriteInstalledTree(Pinned);
        var installer = new AzuriteInstaller(folder, FakeInstall);

        Assert.True(installer.IsInstalled());
        Assert.False(await installer.EnsureInstalledAsync());
        Assert.Equal(0, installs);
    }

    [Fact]
    public async Task Missing_TheInstallRunsOnce_ThenItIsInstalled()
    {
        var installer = new AzuriteInstaller(folder, FakeInstall);

        Assert.False(installer.IsInstalled());
        Assert.True(await installer.EnsureInstalledAsync());
        Assert.True(installer.IsInstalled());
        Assert.False(await installer.EnsureInstalledAsync());
        Assert.Equal(1, installs);
    }

    [Fact]
    public async Task InterruptedInstall_NoHiddenLockFile_IsInstalledAgain()
    {
        WriteInstalledTree(Pinned);
        File.Delete(Path.Combine(folder, "node_modules", ".package-lock.json"));
        var installer = new AzuriteInstaller(folder, FakeInstall);

        Assert.False(installer.IsInstalled());
        Assert.True(await installer.EnsureInstalledAsync());
        Assert.Equal(1, installs);
    }

    [Fact]
    public async Task AnotherVersionInstalled_IsReplacedByThePinnedOne()
    {
        WriteInstalledTree("3.30.0");
        var installer = new AzuriteInstaller(folder, FakeInstall);

        Assert.False(installer.IsInstalled());
        Assert.True(await installer.EnsureInstalledAsync());
        Assert.Equal(1, installs);
    }

    [Fact]
    public async Task ConcurrentCallers_RunTheInstallOnce()
    {
        // Separate installers, as separate test processes would have: only the lock file orders them.
        var callers = Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => new AzuriteInstaller(folder, SlowFakeInstall).EnsureInstalledAsync()))
            .ToArray();
        var ran = await Task.WhenAll(callers);

        Assert.Equal(1, installs);
        Assert.Equal(1, mostRunning);
        Assert.Single(ran, r => r);
    }

    [Fact]
    public async Task LockHeldElsewhere_TheCallerWaits_ThenFindsItInstalled()
    {
        var installer = new AzuriteInstaller(folder, FakeInstall);
        Task<bool> waiting;
        using (new FileStream(installer.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = installer.EnsureInstalledAsync();
            await Task.Delay(500);
            Assert.False(waiting.IsCompleted);

            // The holder installs meanwhile.
            WriteInstalledTree(Pinned);
        }

        Assert.False(await waiting);
        Assert.Equal(0, installs);
    }

    [Fact]
    public async Task LockHeldTooLong_TimesOut()
    {
        var installer = new AzuriteInstaller(folder, FakeInstall, lockTimeout: TimeSpan.FromMilliseconds(300));
        using var held = new FileStream(installer.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        await Assert.ThrowsAsync<TimeoutException>(() => installer.EnsureInstalledAsync());
        Assert.Equal(0, installs);
    }

    [Fact]
    public async Task InstallThatInstallsNothing_FailsNamingTheCommand()
    {
        var installer = new AzuriteInstaller(folder, _ => Task.CompletedTask);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => installer.EnsureInstalledAsync());
        Assert.Contains(AzuriteInstaller.InstallCommand, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NpmMissing_TheErrorNamesTheCommandToRun()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => AzuriteInstaller.RunNpmCiAsync(folder, npm: $"npm-missing-{Guid.NewGuid():N}"));

        Assert.Contains("npm is not on the PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains(AzuriteInstaller.InstallCommand, e.Message, StringComparison.Ordinal);
        Assert.Contains("Node.js", e.Message, StringComparison.Ordinal);
    }

    private Task FakeInstall(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref installs);
        WriteInstalledTree(Pinned);
        return Task.CompletedTask;
    }

    private async Task SlowFakeInstall(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref installs);
        var now = Interlocked.Increment(ref running);
        InterlockedMax(ref mostRunning, now);

        // Like npm ci: the old tree goes first, the new one appears over a while.
        var modules = Path.Combine(folder, "node_modules");
        if (Directory.Exists(modules))
        {
            Directory.Delete(modules, recursive: true);
        }

        await Task.Delay(300, cancellationToken);
        WriteInstalledTree(Pinned);
        Interlocked.Decrement(ref running);
    }

    private void WriteInstalledTree(string version)
    {
        var package = Path.Combine(folder, "node_modules", "azurite");
        Directory.CreateDirectory(Path.Combine(package, "dist", "src"));
        File.WriteAllText(Path.Combine(package, "dist", "src", "azurite.js"), "// fake");
        File.WriteAllText(Path.Combine(package, "package.json"), $$"""{ "name": "azurite", "version": "{{version}}" }""");
        File.WriteAllText(Path.Combine(folder, "node_modules", ".package-lock.json"), "{}");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
