using CloudFreq.Core.Scoring;

namespace CloudFreq.Bench;

/// <summary>
/// The execution provider the model-scoring benches run on: CLOUDFREQ_BENCH_DEVICE (cpu, cuda,
/// cuda:N; cpu when unset), so that bench/gpu.sh runs the very same modes on CUDA beside the CPU.
/// </summary>
internal static class BenchDevice
{
    public const string Variable = "CLOUDFREQ_BENCH_DEVICE";

    public static ExecutionProvider Provider { get; } =
        ExecutionProvider.Parse(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } device ? device : "cpu");
}
