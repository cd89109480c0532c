namespace CloudFreq.Core.Models;

/// <summary>Memory layout a model's image input expects.</summary>
public enum TensorLayout
{
    Nchw,
    Nhwc,
}
