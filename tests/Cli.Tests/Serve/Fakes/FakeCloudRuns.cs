using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Cli.Tests.Serve.Fakes;

/// <summary>
/// An in-memory <see cref="ICloudRuns"/> with scripted failures for the API tests. It validates specs
/// with <see cref="RunSpecValidator"/>, as every <see cref="ICloudRuns"/> does, and treats a dataset
/// path containing "missing" as absent from storage.
/// </summary>
internal sealed class FakeCloudRuns : ICloudRuns
{
    private readonly ConcurrentDictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), byte[]> _reports = new();
    private int _next;

    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Specs accepted by <see cref="StartAsync"/>, in order.</summary>
    public ConcurrentQueue<RunSpec> Started { get; } = new();

    /// <summary>When set, every call throws it (an unexpected failure of the workflow).</summary>
    public Exception? Failure { get; set; }

    public RunState Add(RunStatus status, string? id = null, int done = 0, int total = 0, int failed = 0, string? error = null)
    {
        var n = Interlocked.Increment(ref _next);
        var runId = id ?? $"run-{n:D4}";
        var run = new RunState(runId, status, Epoch.AddMinutes(n), Epoch.AddMinutes(n).AddSeconds(30), "http",
            """{"datasets":[{"path":"datasets/cifar"}],"models":[{"path":"models/a.onnx"}]}""", Total: total, Done: done, Failed: failed, Error: error);
        _runs[runId] = run;
        return run;
    }

    public void AddReport(string runId, string file, string content) => _reports[(runId, file)] = System.Text.Encoding.UTF8.GetBytes(content);

    public Task<RunState> StartAsync(RunSpec spec, string source, string? runId = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();

        // Like the workflow's start: the one validator first, then (scripted here) what storage says.
        RunSpecValidator.Validate(spec);
        for (var i = 0; i < spec.Datasets.Count; i++)
        {
            if (spec.Datasets[i].Path.Contains("missing", StringComparison.Ordinal))
            {
                throw new RunSpecException($"datasets[{i}].path", $"datasets[{i}].path: no blobs under '{spec.Datasets[i].Path}'.");
            }
        }

        Started.Enqueue(spec);
        var n = Interlocked.Increment(ref _next);
        var run = new RunState(runId ?? $"run-{n:D4}", RunStatus.Pending, Epoch.AddMinutes(n), Epoch.AddMinutes(n), source, JsonSerializer.Serialize(spec, RunJson.Options));
        _runs[run.RunId] = run;
        return Task.FromResult(run);
    }

    public Task<RunState?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(_runs.TryGetValue(runId, out var run) ? run : null);
    }

    public Task<RunPage> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var start = 0;
        if (continuation is not null && (!int.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0))
        {
            throw new ArgumentException("bad continuation token", nameof(continuation));
        }

        var ordered = _runs.Values.OrderByDescending(r => r.CreatedTime).ToList();
        var page = ordered.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < ordered.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new RunPage(page, next));
    }

    public Task<RunState?> CancelAsync(string runId, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        if (!_runs.TryGetValue(runId, out var run))
        {
            return Task.FromResult<RunState?>(null);
        }

        if (run.Status is RunStatus.Pending or RunStatus.Running or RunStatus.Summarizing)
        {
            run = run with { Status = RunStatus.Canceled, LastUpdatedTime = run.LastUpdatedTime.AddSeconds(1) };
            _runs[runId] = run;
        }

        return Task.FromResult<RunState?>(run);
    }

    public Task<byte[]?> ReadReportAsync(string runId, string fileName, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(_reports.TryGetValue((runId, fileName), out var bytes) ? bytes : null);
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
