using System.Numerics;
using BenchmarkDotNet.Attributes;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Bench;

/// <summary>
/// Forward + inverse 2-D DFT of every channel of one 3-channel image, with the project's mixed-radix
/// Fft2D against MathNet's 1-D transforms over rows and columns; and a low-pass filter applied to a
/// precomputed spectrum (the per-cutoff cost of a frequency sweep).
/// </summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private const int Channels = 3;

    private float[] _image = [];
    private float[] _output = [];
    private Complex[] _spectrum = [];
    private Fft2D _fft = null!;
    private MathNetFft2D _mathNet = null!;
    private ImageSpectrum _imageSpectrum = null!;
    private SpectralFilter _filter = null!;
    private FrequencyMask _mask = null!;

    [Params(32, 224)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var shape = new ImageShape(Channels, Size, Size);
        var random = new Random(1);
        _image = new float[shape.Length];
        for (var i = 0; i < _image.Length; i++)
        {
            _image[i] = random.NextSingle();
        }

        _output = new float[shape.Length];
        _spectrum = new Complex[Size * Size];
        _fft = new Fft2D(Size, Size);
        _mathNet = new MathNetFft2D(Size, Size);
        _imageSpectrum = new ImageSpectrum(shape);
        _imageSpectrum.Compute(_image, _fft);
        _filter = new SpectralFilter(Size, Size);
        _mask = FrequencyMask.LowPass(new FrequencyGrid(Size, Size), FilterShape.Ideal, 0.27);
    }

    [Benchmark(Baseline = true)]
    public void ForwardInverseMathNet()
    {
        var planeLength = Size * Size;
        for (var c = 0; c < Channels; c++)
        {
            _mathNet.Forward(_image.AsSpan(c * planeLength, planeLength), _spectrum);
            _mathNet.Inverse(_spectrum, _output.AsSpan(c * planeLength, planeLength));
        }
    }

    [Benchmark]
    public void ForwardInverseMixedRadix()
    {
        var planeLength = Size * Size;
        for (var c = 0; c < Channels; c++)
        {
            _fft.Forward(_image.AsSpan(c * planeLength, planeLength), _spectrum);
            _fft.Inverse(_spectrum, _output.AsSpan(c * planeLength, planeLength));
        }
    }

    [Benchmark]
    public void LowPassFromSpectrum() =>
        _filter.Apply(_imageSpectrum, _mask, FilterKind.LowPass, _output, _fft);
}
