using CloudFreq.Core.Models.Onnx.Proto;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>Conv settings (groups, strides, dilations, auto_pad), ConvTranspose, MaxPool, AveragePool, GlobalAveragePool.</summary>
public sealed class GradientGraphBuilderPoolConvTests(ITestOutputHelper output)
{
    /// <summary>Depthwise and grouped Conv with strides 1 and 2, dilations and every auto_pad on a 7x7 input.</summary>
    [Theory]
    [InlineData(4, 2, 1, "NOTSET")]
    [InlineData(2, 1, 2, "NOTSET")]
    [InlineData(4, 2, 1, "SAME_UPPER")]
    [InlineData(4, 2, 1, "SAME_LOWER")]
    [InlineData(1, 2, 1, "VALID")]
    // Stride 1 takes the Conv-over-flipped-weights adjoint (ConvAdjoint): plain, grouped, depthwise.
    [InlineData(1, 1, 1, "NOTSET")]
    [InlineData(2, 1, 1, "SAME_UPPER")]
    [InlineData(4, 1, 1, "SAME_LOWER")]
    [InlineData(1, 1, 2, "VALID")]
    public void Build_Conv_DirectionalDerivativesMatch(long group, long stride, long dilation, string autoPad)
    {
        var attributes = new List<AttributeProto>
        {
            IntsAttribute("kernel_shape", 3, 3), IntsAttribute("strides", stride, stride),
            IntsAttribute("dilations", dilation, dilation), IntAttribute("group", group),
        };
        attributes.Add(autoPad == "NOTSET" ? IntsAttribute("pads", 1, 0, 2, 1) : StringAttribute("auto_pad", autoPad));
        var (rows, columns) = autoPad switch
        {
            "NOTSET" => (Extent(7, 3, stride, 3, dilation, false), Extent(7, 3, stride, 1, dilation, false)),
            "VALID" => (Extent(7, 3, stride, 0, dilation, false), Extent(7, 3, stride, 0, dilation, false)),
            _ => ((7 + stride - 1) / stride, (7 + stride - 1) / stride),
        };
        Check(Model(11, Graph(
            "conv",
            [Node("Conv", "conv", ["x", "w", "b"], ["c"], [.. attributes]), Node("Relu", "relu", ["c"], ["r"]), Node("Flatten", "f", ["r"], ["y"])],
            [Tensor("x", 1, 4, 7, 7)],
            [Tensor("y", 1, 4 * rows * columns)],
            Floats("w", 1, 4, 4 / group, 3, 3), Floats("b", 2, 4))));
    }

    /// <summary>ConvTranspose with stride 2, pads, output_padding, groups and a bias (opset 9 and 13).</summary>
    [Theory]
    [InlineData(9, 1)]
    [InlineData(13, 2)]
    public void Build_ConvTranspose_DirectionalDerivativesMatch(long opset, long group) => Check(Model(opset, Graph(
        "convtranspose",
        [
            Node("ConvTranspose", "up", ["x", "w", "b"], ["c"],
                IntsAttribute("kernel_shape", 3, 3), IntsAttribute("strides", 2, 2), IntsAttribute("pads", 1, 1, 1, 1),
                IntsAttribute("output_padding", 1, 1), IntAttribute("group", group)),
            Node("Relu", "relu", ["c"], ["r"]),
            Node("Flatten", "f", ["r"], ["y"]),
        ],
        [Tensor("x", 1, 2, 3, 3)],
        [Tensor("y", 1, 144)],
        Floats("w", 1, 2, 4 / group, 3, 3), Floats("b", 2, 4))));

    /// <summary>
    /// MaxPool with overlapping windows: 3x3 stride 2 pad 1 (the ResNet stem), stride 1, ceil_mode,
    /// dilations, column-major indices, at opsets 9 to 12.
    /// </summary>
    [Theory]
    [InlineData(9, 3, 2, 1, 1, 0, 0)]
    [InlineData(11, 3, 1, 1, 1, 0, 0)]
    [InlineData(10, 3, 2, 0, 1, 1, 0)]
    [InlineData(12, 2, 1, 1, 2, 0, 0)]
    [InlineData(12, 3, 2, 1, 1, 1, 0)]
    [InlineData(11, 3, 2, 1, 1, 0, 1)]
    public void Build_MaxPool_DirectionalDerivativesMatch(
        long opset, long kernel, long stride, long pad, long dilation, long ceil, long storageOrder)
    {
        var attributes = new List<AttributeProto>
        {
            IntsAttribute("kernel_shape", kernel, kernel), IntsAttribute("strides", stride, stride),
            IntsAttribute("pads", pad, pad, pad, pad),
        };
        if (opset >= 10)
        {
            attributes.Add(IntAttribute("ceil_mode", ceil));
        }

        if (dilation != 1)
        {
            attributes.Add(IntsAttribute("dilations", dilation, dilation));
        }

        if (storageOrder != 0)
        {
            attributes.Add(IntAttribute("storage_order", storageOrder));
        }

        var size = Extent(8, kernel, stride, 2 * pad, dilation, ceil != 0);
        Check(Model(opset, Graph(
            "maxpool",
            [Node("MaxPool", "pool", ["x"], ["p"], [.. attributes]), Node("Flatten", "f", ["p"], ["y"])],
            [Tensor("x", 1, 2, 8, 8)],
            [Tensor("y", 1, 2 * size * size)])));
    }

    /// <summary>AveragePool: count_include_pad 0/1 with pads, overlapping strides, ceil_mode (opset 10+), SAME_UPPER.</summary>
    [Theory]
    [InlineData(9, 3, 2, 1, 0, 0, "NOTSET")]
    [InlineData(9, 3, 2, 1, 1, 0, "NOTSET")]
    [InlineData(11, 3, 1, 1, 0, 0, "NOTSET")]
    [InlineData(10, 3, 2, 1, 0, 1, "NOTSET")]
    [InlineData(13, 2, 2, 0, 1, 1, "NOTSET")]
    [InlineData(13, 3, 2, 0, 0, 1, "NOTSET")]
    [InlineData(11, 3, 2, 0, 1, 0, "SAME_UPPER")]
    public void Build_AveragePool_DirectionalDerivativesMatch(
        long opset, long kernel, long stride, long pad, long includePad, long ceil, string autoPad)
    {
        var attributes = new List<AttributeProto>
        {
            IntsAttribute("kernel_shape", kernel, kernel), IntsAttribute("strides", stride, stride),
            IntAttribute("count_include_pad", includePad),
        };
        attributes.Add(autoPad == "NOTSET" ? IntsAttribute("pads", pad, pad, pad, pad) : StringAttribute("auto_pad", autoPad));
        if (opset >= 10)
        {
            attributes.Add(IntAttribute("ceil_mode", ceil));
        }

        var size = autoPad == "NOTSET" ? Extent(7, kernel, stride, 2 * pad, 1, ceil != 0) : (7 + stride - 1) / stride;
        Check(Model(opset, Graph(
            "averagepool",
            [
                Node("AveragePool", "pool", ["x"], ["p"], [.. attributes]),
                Node("Mul", "square", ["p", "p"], ["q"]),
                Node("Flatten", "f", ["q"], ["y"]),
            ],
            [Tensor("x", 1, 2, 7, 7)],
            [Tensor("y", 1, 2 * size * size)])));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    public void Build_GlobalAveragePool_DirectionalDerivativesMatch(long opset) => Check(Model(opset, Graph(
        "gap",
        [
            Node("Mul", "square", ["x", "x"], ["s"]),
            Node("GlobalAveragePool", "gap", ["s"], ["p"]),
            Node("Flatten", "f", ["p"], ["f1"]),
            Node("Gemm", "fc", ["f1", "w", "b"], ["y"], IntAttribute("transB", 1)),
        ],
        [Tensor("x", 1, 3, 5, 5)],
        [Tensor("y", 1, 4)],
        Floats("w", 1, 4, 3), Floats("b", 2, 4))));

    /// <summary>A conv or pool output extent as ONNX Runtime computes it (ceil_mode rounds the window count up).</summary>
    private static long Extent(long size, long kernel, long stride, long padTotal, long dilation, bool ceil)
    {
        var span = size + padTotal - (((kernel - 1) * dilation) + 1);
        return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
    }

    private void Check(byte[] model) => GradientCheck.AssertMatches(model, output.WriteLine);
}
