using System.CommandLine;
using System.Globalization;
using CloudFreq.Core;
using CloudFreq.Core.Data.Shards;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq shard DIR --out DIR</c>: writes an image folder or labels CSV dataset as WebDataset tar
/// shards with <c>shards.json</c>, the layout <c>cloudfreq upload</c> writes by default; the output opens
/// as a dataset with the same ids, labels and order (<c>evaluate --data OUT</c>).
/// </summary>
internal static class ShardCommand
{
    public const int DefaultShardMegabytes = 100;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataset = new DatasetOptionSet();
        var dir = new Argument<string>("DIR") { Description = "The image folder or labels CSV dataset to shard." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (created; must be empty).", Required = true };
        var shardSize = new Option<int>("--shard-size") { Description = "Largest shard in MB (10^6 bytes).", DefaultValueFactory = _ => DefaultShardMegabytes };
        var command = new Command("shard", "Write a dataset as WebDataset tar shards with a shards.json manifest.") { dir };
        foreach (var option in new Option[] { outDir, shardSize }.Concat(dataset.Listing))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, () =>
        {
            var manifest = ShardWriter.Write(
                Path.GetFullPath(parse.GetValue(dir)!),
                dataset.BuildListing(parse),
                Path.GetFullPath(parse.GetValue(outDir)!),
                new ShardWriterOptions { MaxShardBytes = Bytes(parse.GetValue(shardSize), "--shard-size") },
                (_, shard) =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {shard.File}: {shard.Samples} images, {UploadCommand.Size(shard.Bytes)}"));
                });
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {manifest.Samples} images of {manifest.ClassNames.Count} classes as {manifest.Shards.Count} shard(s) and {ShardManifest.FileName} in {parse.GetValue(outDir)}"));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>A shard size option in MB as bytes.</summary>
    public static long Bytes(int megabytes, string option) => DatasetOptionSet.Positive(megabytes, option) * 1_000_000L;
}
