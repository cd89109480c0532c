using System.Globalization;

namespace CloudFreq.Core.Scoring;

/// <summary>Which ONNX Runtime execution provider scores the models: <c>cpu</c> or <c>cuda[:N]</c>.</summary>
public readonly record struct ExecutionProvider(ExecutionProviderKind Kind, int DeviceId)
{
    public static ExecutionProvider Cpu { get; } = new(ExecutionProviderKind.Cpu, 0);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive).</summary>
    /// <exception cref="CloudFreqException">The text names no known provider.</exception>
    public static ExecutionProvider Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "cpu")
        {
            return Cpu;
        }

        if (value == "cuda")
        {
            return new(ExecutionProviderKind.Cuda, 0);
        }

        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var device))
        {
            return new(ExecutionProviderKind.Cuda, device);
        }

        throw new CloudFreqException($"device '{text}': expected 'cpu', 'cuda' or 'cuda:N' (N = GPU index).");
    }

    public override string ToString() => Kind == ExecutionProviderKind.Cpu ? "cpu" : $"cuda:{DeviceId}";
}

public enum ExecutionProviderKind
{
    Cpu,
    Cuda,
}
