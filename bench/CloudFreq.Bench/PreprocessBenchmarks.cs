using BenchmarkDotNet.Attributes;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Bench;

/// <summary>Normalization and layout of a batch of 64 CIFAR-sized images, the per-batch CPU work before ONNX Runtime.</summary>
[MemoryDiagnoser]
public class PreprocessBenchmarks
{
    private readonly float[] _images = new float[64 * 3 * 32 * 32];
    private readonly float[] _output = new float[64 * 3 * 32 * 32];
    private InputPreprocessor _nchw = null!;
    private InputPreprocessor _nhwc = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(new byte[1]);
        for (var i = 0; i < _images.Length; i++)
        {
            _images[i] = (i % 255) / 255f;
        }

        ModelCard Card(TensorLayout layout) => new()
        {
            Name = "bench",
            Layout = layout,
            Mean = [0.4914f, 0.4822f, 0.4465f],
            Std = [0.2471f, 0.2435f, 0.2616f],
            Input = new ImageShape(3, 32, 32),
        };
        _nchw = new InputPreprocessor(Card(TensorLayout.Nchw));
        _nhwc = new InputPreprocessor(Card(TensorLayout.Nhwc));
    }

    [Benchmark(Baseline = true)]
    public void Nchw() => _nchw.Apply(_images, 64, _output);

    [Benchmark]
    public void Nhwc() => _nhwc.Apply(_images, 64, _output);
}
