using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Unary pointwise ops (activations and elementary functions): the gradient times the local
/// derivative, written with the forward output where that is cheaper (Sigmoid, Tanh, Exp, Sqrt).
/// Kinks (LeakyRelu and Clip at their thresholds) take the derivative of the side below.
/// </summary>
internal static class ActivationGradients
{
    private static readonly float TwoOverSqrtPi = (float)(2 / Math.Sqrt(Math.PI));

    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["LeakyRelu"] = Unary(LeakyRelu);
        rules["Sigmoid"] = Unary((e, n, g) => e.Op("Mul", [g, e.Op("Mul", [n.Output[0], e.Op("Sub", [e.FloatScalar(1f), n.Output[0]])])]));
        rules["Tanh"] = Unary((e, n, g) => e.Op("Mul", [g, e.Op("Sub", [e.FloatScalar(1f), e.Op("Mul", [n.Output[0], n.Output[0]])])]));
        rules["Erf"] = Unary((e, n, g) =>
            e.Op("Mul", [g, e.Scale(e.Op("Exp", [e.Op("Neg", [e.Op("Mul", [n.Input[0], n.Input[0]])])]), TwoOverSqrtPi)]));
        rules["Exp"] = Unary((e, n, g) => e.Op("Mul", [g, n.Output[0]]));
        rules["Log"] = Unary((e, n, g) => e.Op("Div", [g, n.Input[0]]));
        rules["Sqrt"] = Unary((e, n, g) => e.Op("Div", [e.Scale(g, 0.5f), n.Output[0]]));
        rules["Reciprocal"] = Unary((e, n, g) => e.Op("Neg", [e.Op("Mul", [g, e.Op("Mul", [n.Output[0], n.Output[0]])])]));
        rules["Neg"] = Unary((e, _, g) => e.Op("Neg", [g]));
        rules["Clip"] = Clip;
        rules["Pow"] = Pow;
    }

    /// <summary>A rule for a one-input op whose input gradient is <paramref name="backward"/>(e, node, output gradient).</summary>
    private static BackwardRule Unary(Func<GradientEmitter, NodeProto, string, string> backward) =>
        (e, node, outputGrads, inputGrads) =>
        {
            if (e.NeedsGradient(node.Input[0]) && outputGrads[0] is { } grad)
            {
                inputGrads[0] = backward(e, node, grad);
            }
        };

    // The slope is 1 where x > 0 and alpha elsewhere: alpha + (1 - alpha) [x > 0].
    private static string LeakyRelu(GradientEmitter e, NodeProto node, string grad)
    {
        var alpha = GradientEmitter.GetFloat(node, "alpha", 0.01f);
        var positive = e.CastToFloat(e.Op("Greater", [node.Input[0], e.FloatScalar(0f)]));
        var slope = e.Op("Add", [e.Scale(positive, 1f - alpha), e.FloatScalar(alpha)]);
        return e.Op("Mul", [grad, slope]);
    }

    // The gradient passes strictly inside (min, max). The bounds are attributes before opset 11
    // and optional inputs from 11 (an absent bound does not clip).
    private static void Clip(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (node.Input.Skip(1).Any(e.NeedsGradient))
        {
            throw e.Unsupported(node, "bounds that depend on the input are not handled");
        }

        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        string? min = null, max = null;
        if (e.Opset >= 11)
        {
            min = node.Input.Count > 1 && node.Input[1].Length > 0 ? node.Input[1] : null;
            max = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
        }
        else
        {
            if (node.Attribute.Any(a => a.Name == "min"))
            {
                min = e.FloatScalar(GradientEmitter.GetFloat(node, "min", 0f));
            }

            if (node.Attribute.Any(a => a.Name == "max"))
            {
                max = e.FloatScalar(GradientEmitter.GetFloat(node, "max", 0f));
            }
        }

        var x = node.Input[0];
        var above = min is null ? null : e.Op("Greater", [x, min]);
        var below = max is null ? null : e.Op("Less", [x, max]);
        var inside = (above, below) switch
        {
            ({ } a, { } b) => e.Op("And", [a, b]),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
        inputGrads[0] = inside is null ? grad : e.Op("Mul", [grad, e.CastToFloat(inside)]);
    }

    // y = a^b: dy/da = b a^(b-1), dy/db = y ln a; each summed back over its broadcast axes.
    private static void Pow(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        var (a, b) = (node.Input[0], node.Input[1]);
        var outputShape = e.ShapeOf(node.Output[0]);
        if (e.NeedsGradient(a))
        {
            // From opset 12 the exponent may be an integer tensor; Cast makes it a float either way.
            var exponent = e.CastToFloat(b);
            var power = e.Op("Pow", [a, e.Op("Sub", [exponent, e.FloatScalar(1f)])]);
            var local = e.Op("Mul", [grad, e.Op("Mul", [exponent, power])]);
            inputGrads[0] = e.ReduceToOperand(local, outputShape, a);
        }

        if (e.NeedsGradient(b))
        {
            var local = e.Op("Mul", [grad, e.Op("Mul", [node.Output[0], e.Op("Log", [a])])]);
            inputGrads[1] = e.ReduceToOperand(local, outputShape, b);
        }
    }
}
