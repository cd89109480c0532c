using System.Globalization;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// One dimension of a declared ONNX shape: a fixed size, a symbolic name (<c>dim_param</c>, such as
/// "batch"), or unknown (neither is set). The default value is unknown.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, when the dimension is fixed.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, when the dimension is symbolic.</summary>
    public string? Symbol { get; }

    public bool IsFixed => Value.HasValue;

    public bool IsSymbolic => Symbol is not null;

    public bool IsUnknown => !IsFixed && !IsSymbolic;

    public static OnnxDim Unknown => default;

    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return new(null, symbol);
    }

    /// <summary>The size, the symbol in quotes, or "?" (as in shape listings such as [1, "batch", ?]).</summary>
    public override string ToString() =>
        Value?.ToString(CultureInfo.InvariantCulture) ?? (Symbol is null ? "?" : "\"" + Symbol + "\"");

    /// <summary>Formats a shape as [d0, d1, ...].</summary>
    public static string Format(IEnumerable<OnnxDim> shape) => "[" + string.Join(", ", shape) + "]";
}
