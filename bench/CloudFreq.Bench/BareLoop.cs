using System.Diagnostics;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;
using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Bench;

/// <summary>The reference: ONNX Runtime alone over tensors that are already decoded and normalized.</summary>
internal static class BareLoop
{
    public static double Run(PreparedModel model, ScoringOptions options, float[] images, int count)
    {
        var card = model.Card.Card;
        var length = card.Input.Length;
        var plane = card.Input.Height * card.Input.Width;
        var normalized = new float[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var c = i / plane % card.Input.Channels;
            normalized[i] = (images[i] - card.Mean[c]) / card.Std[c];
        }

        using var session = new SessionFactory(options).Create(model.RunnableBytes, model.Name);
        var inputName = session.InputNames[0];
        var outputName = session.OutputNames[0];
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += options.BatchSize)
        {
            var n = Math.Min(options.BatchSize, count - start);
            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance,
                normalized.AsMemory(start * length, n * length),
                [n, card.Input.Channels, card.Input.Height, card.Input.Width]);
            using var outputs = session.Run(new RunOptions(), [inputName], [input], [outputName]);
            GC.KeepAlive(outputs);
        }

        return watch.Elapsed.TotalSeconds;
    }
}
