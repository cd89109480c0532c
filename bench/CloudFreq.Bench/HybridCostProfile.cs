using System.Diagnostics;
using System.Globalization;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// Where the CPU time of the 32 px hybrid analysis goes, per unit of work, on one thread: decoding an
/// image, its spectrum, composing one hybrid (averaged over the distinct alpha masks) and scoring one
/// image at the run's batch size (process CPU time: ONNX Runtime's own threads). Thread CPU time moves
/// far less than wall time with other jobs' load, so these figures hold on a busy machine.
/// </summary>
internal static class HybridCostProfile
{
    public const string Usage =
        "hybrid-profile [batch] [--pairs N]\n"
        + "                                 CPU us per decode, spectrum, hybrid and scoring at 32 px (resnet_2b, CIFAR-10 test)";

    public static int Run(string[] args)
    {
        var batchSize = 64;
        var pairs = 512;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--pairs")
            {
                pairs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                batchSize = int.Parse(args[i], CultureInfo.InvariantCulture);
            }
        }

        var settings = new ScoringOptions { BatchSize = batchSize, Provider = BenchDevice.Provider };
        var spec = new RunSpec
        {
            Datasets = [new DatasetSpec { Path = BenchPaths.Shared("data", "cifar10-test") }],
            Models = [new ModelSpec { Path = BenchPaths.Shared("models", "cifar10", "resnet_2b.onnx") }],
            Suite = "paper-full",
        };
        using var run = RunPreparer.Create(settings).Prepare(spec);
        var data = run.Datasets[0].Dataset;
        var shape = data.Shape;
        var masks = new FrequencyMaskSet(new FrequencyGrid(shape.Height, shape.Width), FilterShape.Ideal, HybridOptions.DefaultAlphas).DistinctMasks;
        var images = new float[2 * pairs * shape.Length];
        var low = Enumerable.Range(0, pairs).Select(_ => new ImageSpectrum(shape)).ToArray();
        var high = Enumerable.Range(0, pairs).Select(_ => new ImageSpectrum(shape)).ToArray();
        var fft = new Fft2D(shape.Height, shape.Width);
        var composer = new HybridComposer(shape.Height, shape.Width);
        var differences = Enumerable.Range(0, pairs).Select(_ => new ImageSpectrum(shape)).ToArray();
        var bands = masks.Select(m => new HybridMaskBand(m)).ToArray();
        var pruned = new PrunedHybridComposer(shape.Height, shape.Width);
        var hybrids = new float[batchSize * shape.Length];
        using var classifier = new OnnxClassifier(new SessionFactory(settings).Create(run.Models[0].RunnableBytes, "profile"), run.Models[0].Card.Card, batchSize, "profile");
        var logits = new float[batchSize * classifier.ClassCount];

        for (var round = 0; round < 3; round++)
        {
            // Round 0 warms the JIT (tier 0 vector code is many times slower); rounds 1 and 2 report.
            var decode = Time(() =>
            {
                for (var i = 0; i < 2 * pairs; i++)
                {
                    data.Load(i % data.Entries.Count, images.AsSpan(i * shape.Length, shape.Length));
                }
            });
            var spectra = Time(() =>
            {
                for (var i = 0; i < pairs; i++)
                {
                    low[i].Compute(images.AsSpan(2 * i * shape.Length, shape.Length), fft);
                    high[i].Compute(images.AsSpan(((2 * i) + 1) * shape.Length, shape.Length), fft);
                }
            });
            var compose = Time(() =>
            {
                foreach (var mask in masks)
                {
                    for (var i = 0; i < pairs; i++)
                    {
                        composer.Compose(low[i], high[i], mask, hybrids.AsSpan(i % batchSize * shape.Length, shape.Length), fft);
                    }
                }
            });
            var differenceSpectra = Time(() =>
            {
                for (var i = 0; i < pairs; i++)
                {
                    differences[i].ComputeDifference(images.AsSpan(2 * i * shape.Length, shape.Length), images.AsSpan(((2 * i) + 1) * shape.Length, shape.Length), fft);
                }
            });
            var prunedCompose = Time(() =>
            {
                foreach (var band in bands)
                {
                    for (var i = 0; i + 1 < pairs; i += 2)
                    {
                        pruned.ComposePair(
                            Source(2 * i),
                            Source((2 * i) + 2),
                            band,
                            hybrids.AsSpan(i % batchSize * shape.Length, shape.Length),
                            hybrids.AsSpan((i + 1) % batchSize * shape.Length, shape.Length),
                            fft);
                    }
                }
            });
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var scorings = pairs * masks.Count;
            for (var done = 0; done < scorings; done += batchSize)
            {
                classifier.Score(hybrids, Math.Min(batchSize, scorings - done), logits);
            }

            var score = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            if (round == 0)
            {
                continue;
            }

            double PerHybrid(double milliseconds, double units) => milliseconds * 1e3 / units;
            var d = PerHybrid(decode, scorings);
            var sc = PerHybrid(score, scorings);
            var (oldSpectra, oldCompose) = (PerHybrid(spectra, scorings), PerHybrid(compose, scorings));
            var (newSpectra, newCompose) = (PerHybrid(differenceSpectra, scorings), PerHybrid(prunedCompose, scorings));
            var perBand = string.Join(" ", bands.Select(b => b.Rows.Length));
            Console.WriteLine(FormattableString.Invariant(
                $"round {round}: CPU us per hybrid ({masks.Count} masks, {pairs} pairs, batch {batchSize}): decode {d:F2}, score {sc:F2}; spectra {oldSpectra:F2} -> difference spectra {newSpectra:F2}; compose {oldCompose:F2} -> pruned pairs {newCompose:F2} (band rows per mask: {perBand}); whole / bare on CPU time >= {(d + sc + oldSpectra + oldCompose) / sc:F2} -> {(d + sc + newSpectra + newCompose) / sc:F2}"));
        }

        return 0;

        HybridSource Source(int image) =>
            new(images.AsSpan(image * shape.Length, shape.Length), images.AsSpan((image + 1) * shape.Length, shape.Length), differences[image / 2]);
    }

    // Milliseconds of this thread's CPU time.
    private static double Time(Action work)
    {
        var before = ThreadCpuTime.Milliseconds();
        work();
        return ThreadCpuTime.Milliseconds() - before;
    }
}
