using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// What the HTTP API and the CLI do with cloud runs: start (validated up front), read, list,
/// cancel, fetch reports. Host-neutral: the API maps these onto HTTP, tests call them directly.
/// </summary>
public interface ICloudRuns
{
    /// <summary>
    /// Validates <paramref name="spec"/> (its structure with <see cref="RunSpecValidator"/>; then datasets
    /// and models named by blob, e.g. <c>datasets/cifar500</c> and <c>models/resnet.onnx</c>, must exist;
    /// names must not escape their container), records the run
    /// as Pending and enqueues its planning. With <paramref name="runId"/> given and already taken,
    /// returns the existing run (starting is idempotent).
    /// </summary>
    /// <exception cref="RunSpecException">The spec is invalid; the message names the field.</exception>
    Task<RunState> StartAsync(RunSpec spec, string source, string? runId = null, CancellationToken cancellationToken = default);

    Task<RunState?> GetAsync(string runId, CancellationToken cancellationToken = default);

    Task<RunPage> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Marks a pending or running run canceled (workers skip its remaining items); null when unknown.</summary>
    Task<RunState?> CancelAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>A report file of a completed run (<c>report.json</c>, <c>results.csv</c>, <c>report.html</c>), or null.</summary>
    Task<byte[]?> ReadReportAsync(string runId, string fileName, CancellationToken cancellationToken = default);
}

/// <summary>An invalid run spec: <see cref="Field"/> names the offending field (JSON path), for problem details.</summary>
public sealed class RunSpecException(string field, string message) : Core.CloudFreqException(message)
{
    public string Field { get; } = field;
}
