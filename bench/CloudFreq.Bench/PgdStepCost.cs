using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Bench;

/// <summary>
/// Cost per image of one PGD step next to one forward pass, on the same <see cref="OnnxGradientModel"/>
/// (same session options, same batch): (a) <see cref="OnnxGradientModel.Score"/>, (b) one
/// <see cref="OnnxGradientModel.LossGradient"/> with cross-entropy (forward + backward in one ONNX
/// Runtime run through the appended gradient graph), (c) one whole <see cref="PgdAttack"/> step with
/// the attack's own arithmetic, as (time of PGD with 11 steps - time with 1 step) / 10.
/// Target (issue 17): (c) &lt;= 2.5 x (a), and a step at least 1.5x as fast as PyTorch's forward + backward. Models: resnet_2b from shared/ and the ResNet-18-sized CIFAR model of
/// bench/tools (generated, not committed). Reference: bench/tools/torch_pgd_step.py (PyTorch autograd).
/// </summary>
internal static class PgdStepCost
{
    public const string Usage =
        "pgd-step [--threads N] [--batch N] [--repeats N]\n"
        + "                                 ms per image of a forward pass, a CE loss gradient (forward + backward) and a whole\n"
        + "                                 PGD step on resnet_2b and resnet18_cifar (defaults: 2 intra-op threads, batch 32, 7 repeats)";

    private const double Target = 2.5;

    // Tiny budget: timing does not depend on it, and no image gets fooled (a fooled image stops costing).
    private const double Epsilon = 1e-4;

    private const double MinSampleSeconds = 0.25;

    public static int Run(string[] args)
    {
        var threads = 2;
        var batch = 32;
        var repeats = 7;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1;
            switch (args[i])
            {
                case "--threads" when value > 0: threads = value; i++; break;
                case "--batch" when value > 0: batch = value; i++; break;
                case "--repeats" when value > 0: repeats = value; i++; break;
                default:
                    Console.Error.WriteLine($"pgd-step: unexpected argument '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }

        var sessions = new SessionFactory(new ScoringOptions { IntraOpThreads = threads, BatchSize = batch, Provider = BenchDevice.Provider });
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"pgd-step: {BenchDevice.Provider}, {threads} intra-op thread(s), batch {batch}, median of {repeats} repeats after warm-up, "
            + $"{Environment.ProcessorCount} cores; PGD L-inf eps {Epsilon:G} (no image fooled, so every image stays active)"));

        var resnet18 = BenchPaths.Repo("bench", "CloudFreq.Bench", "models", "resnet18_cifar.onnx");
        var models = new List<(string Path, ModelCard Card)>
        {
            (BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx"), SharedCard("cifar10/resnet_2b.onnx")),
        };
        if (File.Exists(resnet18))
        {
            models.Add((resnet18, new ModelCard
            {
                Name = "resnet18_cifar",
                Layout = TensorLayout.Nchw,
                Mean = [0f, 0f, 0f],
                Std = [1f, 1f, 1f],
                Input = new ImageShape(3, 32, 32),
            }));
        }
        else
        {
            Console.WriteLine(
                $"resnet18_cifar: SKIPPED, {resnet18} is missing (45 MB, not committed). Generate it with\n"
                + "    /usr/bin/python3 bench/tools/export_resnet18_cifar.py\n"
                + "from the repository root (needs PyTorch), then run pgd-step again.");
        }

        foreach (var (path, card) in models)
        {
            var (forward, step) = Measure(path, card, sessions, batch, repeats);
            // PyTorch's reference is its CPU autograd: compare with it only on the CPU.
            if (card.Name == "resnet18_cifar" && BenchDevice.Provider.Kind == ExecutionProviderKind.Cpu)
            {
                CompareWithTorch(forward, step, threads, batch);
            }
        }

        return 0;
    }

    // The PyTorch autograd reference on the same architecture, threads and batch, run right after ours.
    private static void CompareWithTorch(double forward, double step, int threads, int batch)
    {
        var script = BenchPaths.Repo("bench", "tools", "torch_pgd_step.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        string output;
        try
        {
            using var process = Process.Start(start)!;
            output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  vs PyTorch: SKIPPED, /usr/bin/python3 not found (Debian's python3-torch is the reference)");
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(output, @"forward ([0-9.]+) ms/image, forward\+backward ([0-9.]+) ms/image");
        if (!match.Success)
        {
            Console.WriteLine($"  vs PyTorch: SKIPPED, {script} printed no timing: {output.Trim().Split('\n')[^1]}");
            return;
        }

        var torchForward = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var torchStep = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  vs PyTorch autograd (same run): forward {torchForward:F2} ms/image, forward + backward {torchStep:F2} ms/image; "
            + $"CloudFreq forward {torchForward / forward:F2}x, PGD step {torchStep / step:F2}x as fast (target >= 1.5x)"));
    }

    private static (double Forward, double Step) Measure(string path, ModelCard card, SessionFactory sessions, int batch, int repeats)
    {
        using var model = OnnxGradientModel.Create(OnnxModelFile.Load(path), card, sessions, batch);
        var n = model.InputShape.Length;
        var classes = model.ClassCount;
        var random = new Random(1234);
        var images = new float[batch * n];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = random.NextSingle();
        }

        // Labels are the clean predictions: no image starts out fooled.
        var logits = new float[batch * classes];
        model.Score(images, batch, logits);
        var labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            labels[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(logits.AsSpan(i * classes, classes));
        }

        var losses = new float[batch];
        var gradients = new float[images.Length];
        var attackBatch = new AttackBatch(images, labels, Enumerable.Range(0, batch).Select(i => (ulong)i).ToArray());
        var pgd1 = new PgdAttack(AttackNorm.LInf, Epsilon, new PgdOptions { Steps = 1 });
        var pgd11 = new PgdAttack(AttackNorm.LInf, Epsilon, new PgdOptions { Steps = 11 });
        var fooled = 0;

        Action forward = () => model.Score(images, batch, logits);
        Action gradient = () => model.LossGradient(AttackLoss.CrossEntropy, images, labels, [], batch, logits, losses, gradients);
        Action attack1 = () => pgd1.Run(model, attackBatch);
        Action attack11 = () => fooled = Math.Max(fooled, pgd11.Run(model, attackBatch).Success.Count(s => s));

        // Warm-up (session arenas, gradient graph load, tiered JIT of the attack's loops), then
        // enough calls per sample that one sample lasts >= MinSampleSeconds.
        // The step's element-wise arithmetic alone (PerturbationMath, on the gradients of the last call), for the breakdown.
        var x = (float[])images.Clone();
        Action arithmetic = () =>
        {
            for (var i = 0; i < batch; i++)
            {
                var row = x.AsSpan(i * n, n);
                PerturbationMath.AscentStep(AttackNorm.LInf, row, gradients.AsSpan(i * n, n), Epsilon / 4, row);
                PerturbationMath.Project(AttackNorm.LInf, row, images.AsSpan(i * n, n), Epsilon);
            }
        };
        var actions = new[] { forward, gradient, attack1, attack11, arithmetic };
        var inner = new int[actions.Length];
        for (var k = 0; k < actions.Length; k++)
        {
            for (var w = 0; w < 3; w++)
            {
                actions[k]();
            }

            var once = Time(actions[k], 1);
            inner[k] = (int)Math.Clamp(Math.Ceiling(MinSampleSeconds / once), 1, 10_000);
        }

        // Repeats interleave the four measurements, so a disturbance hits all of them alike.
        var samples = new double[actions.Length][];
        for (var k = 0; k < actions.Length; k++)
        {
            samples[k] = new double[repeats];
        }

        for (var r = 0; r < repeats; r++)
        {
            for (var k = 0; k < actions.Length; k++)
            {
                samples[k][r] = Time(actions[k], inner[k]) / batch * 1e3; // ms per image per call
            }
        }

        var a = Median(samples[0]);
        var b = Median(samples[1]);
        var t1 = Median(samples[2]);
        var t11 = Median(samples[3]);
        var c = (t11 - t1) / 10;
        var math = Median(samples[4]);
        var spread = samples.Select(s => (s.Max() - s.Min()) / Median(s)).Max();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{card.Name} ({Path.GetFileName(path)}, {classes} classes), effective batch {model.BatchSize}:\n"
            + $"  (a) forward (Score)                          {a,8:F4} ms/image\n"
            + $"  (b) CE loss gradient (forward + backward)    {b,8:F4} ms/image   (b)/(a) = {b / a:F2}\n"
            + $"  (c) PGD step ((PGD-11 - PGD-1) / 10)         {c,8:F4} ms/image   (c)/(a) = {c / a:F2} (target <= {Target})\n"
            + $"      attack arithmetic per step (c)-(b)       {c - b,8:F4} ms/image   ({(c > b ? $"{(c - b) / c:P1} of a step" : "within measurement noise")})\n"
            + $"        of which AscentStep + Project          {math,8:F4} ms/image\n"
            + $"      whole PGD-11 run / 12 gradient calls     {t11 / 12,8:F4} ms/image   (clean scoring and verification included)\n"
            + $"  max spread of a measurement (max-min)/median {spread:P1}; images fooled by PGD-11: {fooled} of {batch}"
            + $"{(c / a <= Target ? "" : "\n  TARGET MISSED")}"));
        return (a, c);
    }

    private static double Time(Action action, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return watch.Elapsed.TotalSeconds / calls;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // The card of a shared model from shared/models/models.json.
    private static ModelCard SharedCard(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(BenchPaths.Shared("models", "models.json")));
        var entry = document.RootElement.GetProperty("models").EnumerateArray().First(e => e.GetProperty("file").GetString() == file);
        var layout = entry.GetProperty("layout").GetString() == "NHWC" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var dims = entry.GetProperty("input").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt32() : -1).ToArray();
        var (c, h, w) = layout == TensorLayout.Nchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
        return new ModelCard
        {
            Name = Path.GetFileNameWithoutExtension(file),
            Layout = layout,
            Mean = entry.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            Std = entry.GetProperty("std").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            Input = new ImageShape(c, h, w),
        };
    }
}
