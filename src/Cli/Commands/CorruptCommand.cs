using System.CommandLine;
using System.Globalization;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq corrupt</c>: writes corrupted copies of a dataset as an ImageFolder per corruption
/// and severity (<c>OUT/&lt;corruption&gt;/&lt;severity&gt;/&lt;class&gt;/&lt;image&gt;.png</c>), with
/// the same per-image seeds an evaluation uses, so users can inspect or reuse them.
/// </summary>
internal static class CorruptCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataset = new DatasetOptionSet();
        var data = new Option<string>("--data", "-d") { Description = "The dataset to corrupt.", Required = true };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder.", Required = true };
        var preset = new Option<string>("--preset") { Description = "auto (from the image size), imagenet-c or cifar10-c.", DefaultValueFactory = _ => "auto" };
        var corruptions = new Option<string[]>("--corruption", "-c") { Description = "Corruptions to apply (default: all 19). Repeat for several.", AllowMultipleArgumentsPerToken = true };
        var severities = new Option<int[]>("--severity") { Description = "Severities 1..5 (default: all). Repeat for several.", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--image-format") { Description = "png or jpeg.", DefaultValueFactory = _ => "png" };
        var quality = new Option<int>("--quality") { Description = "JPEG quality when --image-format jpeg.", DefaultValueFactory = _ => 90 };
        var seed = new Option<long>("--seed") { Description = "Run seed: the same as an evaluation's gives the same corrupted images.", DefaultValueFactory = _ => 0 };
        var noQuantize = new Option<bool>("--no-quantize") { Description = "Keep float precision instead of the benchmark's uint8 truncation." };
        var noJpeg = new Option<bool>("--no-jpeg") { Description = "Skip the ImageNet-C files' JPEG quality 85 step." };
        var command = new Command("corrupt", "Write corrupted copies of a dataset (common corruptions, severities 1-5).");
        foreach (var option in new Option[] { data, outDir, preset, corruptions, severities, format, quality, seed, noQuantize, noJpeg }.Concat(dataset.All))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, () =>
        {
            var catalog = DefaultCorruptions.Create();
            var names = parse.GetValue(corruptions) is { Length: > 0 } given ? given : [.. catalog.Names];
            var levels = parse.GetValue(severities) is { Length: > 0 } chosen ? chosen : [1, 2, 3, 4, 5];
            if (levels.Any(s => s is < 1 or > 5))
            {
                throw new CloudFreqException("--severity: severities run from 1 to 5.");
            }

            var imageFormat = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "png" => SKEncodedImageFormat.Png,
                "jpeg" or "jpg" => SKEncodedImageFormat.Jpeg,
                var other => throw new CloudFreqException($"--image-format: '{other}' is neither png nor jpeg."),
            };
            var jpegQuality = DatasetOptionSet.Positive(parse.GetValue(quality), "--quality");
            using var source = new DatasetOpener().Open(Path.GetFullPath(parse.GetValue(data)!), dataset.Build(parse));
            var resolvedPreset = parse.GetValue(preset) switch
            {
                "auto" => CorruptionCatalog.PresetFor(source.Shape.Height, source.Shape.Width),
                var name when CorruptionsOptions.PresetNames.TryGetValue(name!, out var value) => value,
                var other => throw new CloudFreqException($"--preset: '{other}' is not one of auto, imagenet-c, cifar10-c."),
            };
            var writer = new CorruptedImageWriter(Path.GetFullPath(parse.GetValue(outDir)!), source, imageFormat, jpegQuality);
            var written = 0;
            foreach (var name in names)
            {
                var corruption = catalog.Get(name);
                foreach (var severity in levels)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    written += writer.Write(corruption, severity, resolvedPreset, parse.GetValue(seed), !parse.GetValue(noQuantize), !parse.GetValue(noJpeg), cancellationToken);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} severity {severity}: {source.Entries.Count} images"));
                }
            }

            output.WriteLine($"wrote {written} images ({CorruptionsAnalysis.PresetName(resolvedPreset)} preset) under {writer.Root}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
