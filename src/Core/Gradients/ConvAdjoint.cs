using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// The input gradient of a stride-1 Conv as a Conv: a full correlation of the output gradient with
/// the weights transposed (C_out and C_in swapped within each group) and flipped in space, padded
/// by extent - 1 - pad on each side. The weight transform is a Reshape/Transpose/Slice chain on the
/// weight tensor, which ONNX Runtime folds away when the weights are initializers.
/// </summary>
internal static class ConvAdjoint
{
    /// <summary>The input gradient, or null where only ConvTranspose fits (strides, pads beyond the kernel, opset &lt; 10).</summary>
    public static string? TryEmit(
        GradientEmitter e, string weights, string grad, long[] weightShape, long[] kernel, long[] strides, long[] dilations, long[] pads, long group)
    {
        var spatial = kernel.Length;
        // Slice takes steps from opset 10.
        if (e.Opset < 10 || strides.Any(s => s != 1) || weightShape.Length != spatial + 2)
        {
            return null;
        }

        var adjointPads = new long[2 * spatial];
        for (var i = 0; i < spatial; i++)
        {
            var extent = ((kernel[i] - 1) * dilations[i]) + 1;
            adjointPads[i] = extent - 1 - pads[i];
            adjointPads[i + spatial] = extent - 1 - pads[i + spatial];
            if (adjointPads[i] < 0 || adjointPads[i + spatial] < 0)
            {
                return null;
            }
        }

        return e.Op(
            "Conv",
            [grad, FlippedTransposed(e, weights, weightShape, group)],
            GradientEmitter.Ints("kernel_shape", kernel),
            GradientEmitter.Ints("dilations", dilations),
            GradientEmitter.Ints("pads", adjointPads),
            GradientEmitter.Int("group", group));
    }

    // [C_out, C_in/g, k...] -> [C_in, C_out/g, k...] with every spatial axis reversed.
    private static string FlippedTransposed(GradientEmitter e, string weights, long[] shape, long group)
    {
        var spatial = shape.Length - 2;
        var (outChannels, inPerGroup) = (shape[0], shape[1]);
        var kernelDims = shape[2..];
        string transposed;
        if (group == 1)
        {
            transposed = e.Transpose(weights, [1, 0, .. Enumerable.Range(2, spatial).Select(i => (long)i)]);
        }
        else
        {
            var grouped = e.Reshape(weights, [group, outChannels / group, inPerGroup, .. kernelDims]);
            var swapped = e.Transpose(grouped, [0, 2, 1, .. Enumerable.Range(3, spatial).Select(i => (long)i)]);
            transposed = e.Reshape(swapped, [group * inPerGroup, outChannels / group, .. kernelDims]);
        }

        var axes = Enumerable.Range(2, spatial).Select(i => (long)i).ToArray();
        return e.Op(
            "Slice",
            [
                transposed,
                e.Int64Vector(Enumerable.Repeat(-1L, spatial).ToArray()),
                e.Int64Vector(Enumerable.Repeat(long.MinValue, spatial).ToArray()),
                e.Int64Vector(axes),
                e.Int64Vector(Enumerable.Repeat(-1L, spatial).ToArray()),
            ]);
    }
}
