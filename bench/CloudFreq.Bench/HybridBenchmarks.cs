using BenchmarkDotNet.Attributes;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Bench;

/// <summary>
/// The per-alpha cost of the hybrid analysis: composing one 3-channel hybrid from two precomputed
/// spectra (mix, inverse transform, clip) or two with the pruned pair composer the analysis uses, and the
/// once-per-image (per pair for the difference) forward transform they reuse;
/// with the FFT's AVX loops on and off (bit-identical results), side by side in one run.
/// </summary>
[MemoryDiagnoser]
public class HybridBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _output = [];
    private Fft2D _fft = null!;
    private ImageSpectrum _low = null!;
    private ImageSpectrum _high = null!;
    private HybridComposer _composer = null!;
    private FrequencyMask _mask = null!;
    private float[] _secondOutput = [];
    private ImageSpectrum _difference = null!;
    private PrunedHybridComposer _pruned = null!;
    private HybridMaskBand _band = null!;

    [Params(32, 224)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Vectorized { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        MixedRadixFftPlan.Vectorized = Vectorized;
        var shape = new ImageShape(3, Size, Size);
        var random = new Random(1);
        _a = [.. Enumerable.Range(0, shape.Length).Select(_ => random.NextSingle())];
        _b = [.. Enumerable.Range(0, shape.Length).Select(_ => random.NextSingle())];
        _output = new float[shape.Length];
        _fft = new Fft2D(Size, Size);
        _low = new ImageSpectrum(shape);
        _high = new ImageSpectrum(shape);
        _low.Compute(_a, _fft);
        _high.Compute(_b, _fft);
        _composer = new HybridComposer(Size, Size);
        _mask = FrequencyMask.LowPass(new FrequencyGrid(Size, Size), FilterShape.Ideal, 0.27);
        _secondOutput = new float[shape.Length];
        _difference = new ImageSpectrum(shape);
        _difference.ComputeDifference(_a, _b, _fft);
        _pruned = new PrunedHybridComposer(Size, Size);
        _band = new HybridMaskBand(_mask);
    }

    [Benchmark]
    public void Compose() => _composer.Compose(_low, _high, _mask, _output, _fft);

    [Benchmark]
    public void Spectrum() => _low.Compute(_a, _fft);

    /// <summary>Two hybrids as the analysis makes them (pruned inverse, odd channels paired): compare with 2 x <see cref="Compose"/>.</summary>
    [Benchmark]
    public void PrunedComposePair() =>
        _pruned.ComposePair(new HybridSource(_a, _b, _difference), new HybridSource(_b, _a, _difference), _band, _output, _secondOutput, _fft);

    [Benchmark]
    public void DifferenceSpectrum() => _difference.ComputeDifference(_a, _b, _fft);
}
