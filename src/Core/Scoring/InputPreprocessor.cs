using System.Numerics.Tensors;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Scoring;

/// <summary>
/// Folds a model card's normalization and layout into the scoring path: [0,1] NCHW images in,
/// the tensor the graph expects out.
/// </summary>
internal sealed class InputPreprocessor
{
    private readonly ImageShape _shape;
    private readonly TensorLayout _layout;
    private readonly float[] _scale;
    private readonly float[] _shift;

    public InputPreprocessor(ModelCard card)
    {
        _shape = card.Input;
        _layout = card.Layout;
        var channels = card.Input.Channels;
        _scale = new float[channels];
        _shift = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            // (x - mean) / std == x * (1/std) + (-mean/std): vectorized scale and shift per plane.
            _scale[c] = 1f / card.Std[c];
            _shift[c] = -card.Mean[c] / card.Std[c];
        }
    }

    public void Apply(ReadOnlySpan<float> images, int count, Span<float> destination)
    {
        var plane = _shape.Height * _shape.Width;
        var imageLength = _shape.Length;
        for (var n = 0; n < count; n++)
        {
            var source = images.Slice(n * imageLength, imageLength);
            var target = destination.Slice(n * imageLength, imageLength);
            if (_layout == TensorLayout.Nchw)
            {
                for (var c = 0; c < _shape.Channels; c++)
                {
                    var targetPlane = target.Slice(c * plane, plane);
                    TensorPrimitives.Multiply(source.Slice(c * plane, plane), _scale[c], targetPlane);
                    TensorPrimitives.Add(targetPlane, _shift[c], targetPlane);
                }
            }
            else
            {
                var channels = _shape.Channels;
                for (var c = 0; c < channels; c++)
                {
                    var sourcePlane = source.Slice(c * plane, plane);
                    float scale = _scale[c], shift = _shift[c];
                    for (var p = 0; p < plane; p++)
                    {
                        target[(p * channels) + c] = (sourcePlane[p] * scale) + shift;
                    }
                }
            }
        }
    }
}
