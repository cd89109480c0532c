using CloudFreq.Cli.Tests.Serve.Fakes;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Cli.Tests.Serve.Commands;

public sealed class RunsCommandTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<CliResult> Runs(params string[] args) =>
        CliHarness.RunAsync(["runs", .. args, "--url", "http://localhost"], _ => _host.Client());

    [Fact]
    public async Task Start_SubmitsTheSpecFile_PrintsTheId()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spec-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, Api.RunsApiTests.ValidSpec);
        try
        {
            var result = await Runs("start", path);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Single(_host.Runs.Started);
            var id = result.Output.Split('\n')[0].Trim();
            Assert.NotNull(await _host.Runs.GetAsync(id));
            Assert.Contains("/api/runs/" + id, result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Start_InvalidSpec_Exits2WithTheProblemText()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spec-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":0}""");
        try
        {
            var result = await Runs("start", path);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("422", result.Error, StringComparison.Ordinal);
            Assert.Contains("field: itemSize", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(RunStatus.Completed, 0, "Completed")]
    [InlineData(RunStatus.Running, 0, "Running")]
    [InlineData(RunStatus.Failed, 1, "Failed")]
    [InlineData(RunStatus.Canceled, 1, "Canceled")]
    public async Task Status_PrintsATable_ExitCodeFollowsTheRun(RunStatus status, int exitCode, string shown)
    {
        var run = _host.Runs.Add(status, done: 4, total: 8);
        var result = await Runs("status", run.RunId);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(run.RunId, result.Output, StringComparison.Ordinal);
        Assert.Contains(shown, result.Output, StringComparison.Ordinal);
        Assert.Contains("4/8 items", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownRun_Exits2WithProblem()
    {
        var result = await Runs("status", "no-such-run");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("404 Run not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_UntilCompleted_Exits0()
    {
        var run = _host.Runs.Add(RunStatus.Running);
        var finisher = Task.Run(async () =>
        {
            await Task.Delay(300);
            _host.Runs.Add(RunStatus.Completed, id: run.RunId);
        });
        var result = await Runs("wait", run.RunId, "--interval", "00:00:00.05");
        await finisher;
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("Completed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_Timeout_Exits1()
    {
        var run = _host.Runs.Add(RunStatus.Running);
        var result = await Runs("wait", run.RunId, "--interval", "00:00:00.05", "--timeout", "00:00:00.3");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_Failed_Exits1()
    {
        var run = _host.Runs.Add(RunStatus.Failed, error: "boom");
        var result = await Runs("wait", run.RunId);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Cancel_RunningRun_Exits0_EndedRun_Exits2()
    {
        var running = _host.Runs.Add(RunStatus.Running);
        var ok = await Runs("cancel", running.RunId);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(RunStatus.Canceled, (await _host.Runs.GetAsync(running.RunId))!.Status);

        var again = await Runs("cancel", running.RunId);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("409", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PrintsRunsAndTheContinuation()
    {
        var runs = Enumerable.Range(0, 3).Select(_ => _host.Runs.Add(RunStatus.Running)).ToList();
        var result = await Runs("list", "--page-size", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(runs[2].RunId, result.Output, StringComparison.Ordinal);
        Assert.Contains(runs[1].RunId, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(runs[0].RunId, result.Output, StringComparison.Ordinal);
        Assert.Contains("--continuation 2", result.Output, StringComparison.Ordinal);

        var next = await Runs("list", "--page-size", "2", "--continuation", "2");
        Assert.Contains(runs[0].RunId, next.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_Exits2WithProblemText()
    {
        var result = await CliHarness.RunAsync(["runs", "list", "--url", "http://localhost"], _ => _host.Client(withKey: false));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrors_Exit2()
    {
        Assert.Equal(2, (await CliHarness.RunAsync(["runs", "status", "--url", "http://localhost"], _ => _host.Client())).ExitCode);
        Assert.Equal(2, (await CliHarness.RunAsync(["runs", "status", "x", "--url", "not a url"], _ => _host.Client())).ExitCode);
        Assert.Equal(2, (await CliHarness.RunAsync(["runs", "wait", "x", "--timeout", "soon", "--url", "http://localhost"], _ => _host.Client())).ExitCode);
    }
}
