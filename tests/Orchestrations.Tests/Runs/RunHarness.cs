using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>Prepares and runs specs the way <c>cloudfreq evaluate</c> does, in a temporary output folder.</summary>
internal sealed class RunHarness : IDisposable
{
    public RunHarness(ExecutionSettings? settings = null)
    {
        Settings = settings ?? new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = 64 } };
        OutDir = Path.Combine(Path.GetTempPath(), "cloudfreq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(OutDir);
    }

    public ExecutionSettings Settings { get; }

    public string OutDir { get; }

    public PreparedRun Prepare(RunSpec spec) =>
        RunPreparer.Create(Settings.Scoring).Prepare(spec);

    public async Task<RunOutcome> RunAsync(RunSpec spec, string? outDir = null)
    {
        using var run = Prepare(spec);
        return await LocalRun.ExecuteAsync(run, outDir ?? OutDir, Settings, new NullRunObserver());
    }

    public static RunSpec Spec(string data, DatasetOptions? options = null, int itemSize = 1000, params string[] models) => new()
    {
        Datasets = [new DatasetSpec { Path = data, Options = options ?? new DatasetOptions() }],
        Models = [.. models.Select(m => new ModelSpec { Path = m })],
        ItemSize = itemSize,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(OutDir, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder must not fail a test
        }
    }
}
