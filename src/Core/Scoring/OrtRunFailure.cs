using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// Sorts an ONNX Runtime failure during a run: a memory or device failure (a CUDA out-of-memory, a lost
/// device) may not happen again on a retry or on another worker, so it stays as it is (transient for the
/// cloud workflow); anything else (an op rejecting the values, an unsupported case) fails the same way
/// every time on the same inputs, so it becomes a <see cref="CloudFreqException"/> naming the model (permanent:
/// the item is reported failed after one attempt instead of being retried).
/// </summary>
internal static class OrtRunFailure
{
    // ONNX Runtime's wording for allocation and execution-provider failures.
    private static readonly string[] TransientMarks =
    [
        "Failed to allocate", "out of memory", "bad_alloc", "CUDA failure", "CUDNN failure", "CUBLAS failure", "[ErrorCode:EPFail]",
    ];

    public static bool IsTransient(OnnxRuntimeException exception) =>
        TransientMarks.Any(mark => exception.Message.Contains(mark, StringComparison.OrdinalIgnoreCase));

    public static CloudFreqException Permanent(OnnxRuntimeException exception, string model, string what) =>
        new($"{model}: ONNX Runtime failed {what}: {exception.Message.Split('\n')[0]}", exception);
}
