using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// Creates ONNX Runtime sessions for one execution provider. Asking for CUDA where the provider is
/// missing is an error, never a silent fallback to the CPU.
/// </summary>
public sealed class SessionFactory(ScoringOptions options)
{
    private const string CudaProviderName = "CUDAExecutionProvider";

    public ScoringOptions Options { get; } = options;

    /// <summary>Creates a session over model bytes; <paramref name="displayName"/> names the model in errors.</summary>
    /// <exception cref="CloudFreqException">The provider is unavailable or the model fails to load.</exception>
    public InferenceSession Create(byte[] model, string displayName)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Options.IntraOpThreads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Decoding of the next batch runs beside inference; spinning ONNX Runtime threads would steal its cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (Options.Provider.Kind == ExecutionProviderKind.Cuda)
        {
            AppendCuda(sessionOptions);
        }

        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new CloudFreqException($"{displayName}: ONNX Runtime cannot load the model: {FirstLine(ex.Message)}", ex);
        }
    }

    private void AppendCuda(SessionOptions sessionOptions)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(CudaProviderName))
        {
            throw new CloudFreqException(
                $"device '{Options.Provider}': the CUDA execution provider is not in this build of ONNX Runtime "
                + $"(available: {string.Join(", ", available)}). Build with -p:OnnxRuntimeGpu=true on a machine "
                + "with CUDA 13 and cuDNN 9, or use --device cpu.");
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(Options.Provider.DeviceId);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new CloudFreqException($"device '{Options.Provider}': CUDA could not be initialized: {FirstLine(ex.Message)}", ex);
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }
}
