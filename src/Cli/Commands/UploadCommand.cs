using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Data.Shards;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;
using Spectre.Console;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq upload DIR --name N</c>: puts the dataset under <c>datasets/N/</c>, each
/// <c>--model</c> (and its sidecar <c>.json</c>) under <c>models/</c>, and last the marker
/// <c>datasets/N/run.json</c>: a run spec without datasets whose models are the uploaded blobs.
/// The marker's arrival starts the run (Event Grid in Azure, the poller of <c>serve</c> locally).
/// The marker's run spec is checked with the cloud's validator before anything is uploaded.
/// </summary>
/// <remarks>
/// An image folder or labels CSV dataset is uploaded as WebDataset tar shards of about 100 MB and
/// <c>shards.json</c> (written to a temporary folder first), so a worker stages a few blobs rather than
/// one per image; <c>--plain</c>, and every other layout (CIFAR binary, IDX, shards already), copies the
/// files as they are.
/// </remarks>
internal static class UploadCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<string, IBlobStore> openStore)
    {
        var dir = new Argument<string>("DIR") { Description = "The dataset folder to upload." };
        var name = new Option<string>("--name", "-n") { Description = "Dataset name: the blobs go under datasets/NAME/.", Required = true };
        var models = new Option<string[]>("--model", "-m") { Description = "ONNX models to upload under models/ (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var suite = new Option<string>("--suite") { Description = "Built-in analysis suite of the marker's run spec.", DefaultValueFactory = _ => "clean" };
        var seed = new Option<long>("--seed") { Description = "Run seed of the marker's run spec.", DefaultValueFactory = _ => 0 };
        var itemSize = new Option<int>("--item-size") { Description = "Images per work item.", DefaultValueFactory = _ => 1000 };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string, the account's blob endpoint https://ACCOUNT.blob.core.windows.net (signed in with your Azure identity), or file:FOLDER (default: CLOUDFREQ_STORAGE)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain log lines instead of a progress bar." };
        var plain = new Option<bool>("--plain") { Description = "Upload every dataset file as its own blob instead of tar shards." };
        var shardSize = new Option<int>("--shard-size") { Description = "Largest shard in MB (10^6 bytes).", DefaultValueFactory = _ => ShardCommand.DefaultShardMegabytes };
        var command = new Command("upload", "Upload a dataset (as tar shards unless --plain) and models, then the run.json marker that starts a cloud run.") { dir };
        foreach (var option in new Option[] { name, models, suite, seed, itemSize, storage, noProgress, plain, shardSize })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var connection = parse.GetValue(storage) ?? Environment.GetEnvironmentVariable("CLOUDFREQ_STORAGE");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new CloudFreqException("--storage: give a storage connection string or an https blob endpoint (or set CLOUDFREQ_STORAGE).");
            }

            var plan = UploadPlan.Create(
                Path.GetFullPath(parse.GetValue(dir)!),
                parse.GetValue(name)!,
                [.. (parse.GetValue(models) ?? []).Select(Path.GetFullPath)],
                parse.GetValue(suite)!,
                parse.GetValue(seed),
                DatasetOptionSet.Positive(parse.GetValue(itemSize), "--item-size"),
                parse.GetValue(plain),
                ShardCommand.Bytes(parse.GetValue(shardSize), "--shard-size"));
            var store = openStore(connection);
            var uploaded = await UploadAsync(store, plan, output, live: IsTerminal(output) && !parse.GetValue(noProgress), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(uploaded.Describe(plan.MarkerBlob)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>Shards the dataset when the plan says so, uploads every file, then the marker.</summary>
    internal static async Task<UploadSummary> UploadAsync(IBlobStore store, UploadPlan plan, TextWriter output, bool live, CancellationToken cancellationToken)
    {
        if (plan.Layout == UploadLayout.Plain)
        {
            await CheckPrefixAsync(store, plan, plan.Files, cancellationToken).ConfigureAwait(false);
            await CopyWithProgressAsync(store, plan.Name, plan.Files, output, live, cancellationToken).ConfigureAwait(false);
            await store.WriteAsync(plan.MarkerBlob, plan.Marker, cancellationToken).ConfigureAwait(false);
            return new UploadSummary(plan.Files.Count, plan.TotalBytes, null);
        }

        // The shards go to a private temporary folder, removed whatever happens.
        var temporary = Path.Combine(Path.GetTempPath(), "cloudfreq-upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            var manifest = ShardWriter.Write(
                plan.DatasetDir,
                new DatasetOptions(),
                temporary,
                new ShardWriterOptions { MaxShardBytes = plan.MaxShardBytes },
                (_, shard) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {shard.File}: {shard.Samples} images, {Size(shard.Bytes)}")));
            var prefix = $"{CloudNames.DatasetsContainer}/{plan.Name}/";
            var shardFiles = manifest.Shards
                .Select(s => new UploadFile(Path.Combine(temporary, s.File), prefix + s.File, s.Bytes))
                .Append(UploadFile.Of(Path.Combine(temporary, ShardManifest.FileName), prefix + ShardManifest.FileName))
                .ToList();
            List<UploadFile> files = [.. shardFiles, .. plan.Files];
            await CheckPrefixAsync(store, plan, files, cancellationToken).ConfigureAwait(false);
            await CopyWithProgressAsync(store, plan.Name, files, output, live, cancellationToken).ConfigureAwait(false);

            // The marker goes last: its arrival means "everything above is there".
            await store.WriteAsync(plan.MarkerBlob, plan.Marker, cancellationToken).ConfigureAwait(false);
            return new UploadSummary(plan.Files.Count, files.Sum(f => f.Length), manifest);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    // A dataset prefix holds one upload: blobs left by an earlier one (shards beside plain files, or more
    // shards than now) would be staged with the new ones, and the blob port cannot delete them.
    private static async Task CheckPrefixAsync(IBlobStore store, UploadPlan plan, IReadOnlyList<UploadFile> files, CancellationToken cancellationToken)
    {
        var prefix = $"{CloudNames.DatasetsContainer}/{plan.Name}/";
        var writing = files.Select(f => f.Blob).Append(plan.MarkerBlob).ToHashSet(StringComparer.Ordinal);
        var stale = (await store.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(b => !writing.Contains(b)).ToList();
        if (stale.Count > 0)
        {
            throw new CloudFreqException(
                $"--name: {prefix} already holds {stale.Count} blob(s) this upload would not replace ({string.Join(", ", stale.Take(3))}{(stale.Count > 3 ? ", ..." : string.Empty)}), "
                + $"left by an earlier {(stale.Exists(b => b.EndsWith(".tar", StringComparison.Ordinal) || b.EndsWith("/" + ShardManifest.FileName, StringComparison.Ordinal)) ? "sharded" : "plain")} upload; "
                + "choose another --name or delete them first.");
        }
    }

    private static async Task CopyWithProgressAsync(IBlobStore store, string name, IReadOnlyList<UploadFile> files, TextWriter output, bool live, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (live)
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"datasets/{name}", maxValue: Math.Max(1, files.Sum(f => f.Length)));
                    await CopyAsync(store, files, bytes => task.Increment(bytes), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            // Large files (shards) report each one; many small files report every 500th.
            var done = 0;
            var every = files.Count <= 50 ? 1 : 500;
            await CopyAsync(store, files, _ =>
            {
                var n = Interlocked.Increment(ref done);
                if (n % every == 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}/{files.Count} files"));
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(IBlobStore store, IReadOnlyList<UploadFile> files, Action<long> uploaded, CancellationToken cancellationToken)
    {
        // Each file is read whole (the blob port takes bytes): fewer at once when they are shard-sized.
        var parallel = files.Any(f => f.Length > 16 * 1024 * 1024) ? 2 : 8;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var bytes = await File.ReadAllBytesAsync(file.Source, ct).ConfigureAwait(false);
            await store.WriteAsync(file.Blob, bytes, ct).ConfigureAwait(false);
            uploaded(bytes.Length);
        }).ConfigureAwait(false);
    }

    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb") && Environment.GetEnvironmentVariable("CI") is null;

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}

/// <summary>How the dataset's files reach the blob store.</summary>
internal enum UploadLayout
{
    /// <summary>Every file as its own blob, relative paths kept.</summary>
    Plain,

    /// <summary>WebDataset tar shards and <c>shards.json</c>, written at upload time.</summary>
    Shards,
}

/// <summary>
/// What an upload copies where, decided (and checked) before anything is written.
/// <see cref="Files"/> holds the models and, for <see cref="UploadLayout.Plain"/>, the dataset's files;
/// shards are written during the upload.
/// </summary>
internal sealed record UploadPlan(
    string Name,
    string DatasetDir,
    UploadLayout Layout,
    long MaxShardBytes,
    IReadOnlyList<UploadFile> Files,
    string MarkerBlob,
    byte[] Marker)
{
    public long TotalBytes => Files.Sum(f => f.Length);

    public static UploadPlan Create(string dir, string name, IReadOnlyList<string> models, string suite, long seed, int itemSize, bool plain = false, long maxShardBytes = ShardWriterOptions.DefaultMaxShardBytes)
    {
        if (!Directory.Exists(dir))
        {
            throw new CloudFreqException($"DIR: {dir} is not a folder.");
        }

        if (name.Length is 0 or > 63 || name[0] == '.' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new CloudFreqException($"--name: '{name}' must be 1 to 63 letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        if (string.IsNullOrWhiteSpace(suite) || File.Exists(suite) || suite.Contains('/', StringComparison.Ordinal) || suite.Contains('\\', StringComparison.Ordinal))
        {
            throw new CloudFreqException($"--suite: '{suite}' must be a built-in suite name (suite files are not uploaded).");
        }

        var prefix = $"{CloudNames.DatasetsContainer}/{name}/";
        var markerBlob = prefix + CloudNames.MarkerFile;
        var layout = plain ? UploadLayout.Plain : LayoutOf(dir);
        var files = new List<UploadFile>();
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(dir, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == CloudNames.MarkerFile)
            {
                throw new CloudFreqException($"DIR: {path} has the marker's name ({CloudNames.MarkerFile}); rename it, the upload writes its own marker.");
            }

            files.Add(new UploadFile(path, prefix + relative, new FileInfo(path).Length));
        }

        if (files.Count == 0)
        {
            throw new CloudFreqException($"DIR: {dir} has no files.");
        }

        if (layout == UploadLayout.Shards)
        {
            files.Clear();
        }

        var modelBlobs = new List<string>();
        foreach (var model in models)
        {
            if (!File.Exists(model))
            {
                throw new CloudFreqException($"--model: {model} does not exist.");
            }

            var blob = $"{CloudNames.ModelsContainer}/{Path.GetFileName(model)}";
            if (modelBlobs.Contains(blob, StringComparer.Ordinal))
            {
                throw new CloudFreqException($"--model: two models are named {Path.GetFileName(model)}.");
            }

            modelBlobs.Add(blob);
            files.Add(new UploadFile(model, blob, new FileInfo(model).Length));
            var sidecar = Path.ChangeExtension(model, ".json");
            if (File.Exists(sidecar))
            {
                files.Add(new UploadFile(sidecar, $"{CloudNames.ModelsContainer}/{Path.GetFileName(sidecar)}", new FileInfo(sidecar).Length));
            }
        }

        if (modelBlobs.Count == 0)
        {
            throw new CloudFreqException("--model: name at least one model for the marker's run spec.");
        }

        var marker = new JsonObject
        {
            ["models"] = new JsonArray([.. modelBlobs.Select(b => (JsonNode)new JsonObject { ["path"] = b })]),
            ["suite"] = suite,
            ["seed"] = seed,
            ["itemSize"] = itemSize,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(marker, RunJson.Options);
        CheckMarker(bytes, prefix[..^1], markerBlob);
        return new UploadPlan(name, dir, layout, maxShardBytes, files, markerBlob, bytes);
    }

    /// <summary>
    /// The marker's run spec, read as the trigger will read it, must pass the one validator of the cloud
    /// (<see cref="RunSpecValidator"/>) before anything is uploaded: a refusal now costs nothing, one after
    /// the upload is a failed run. Structure only: the blobs are not there yet.
    /// </summary>
    /// <exception cref="CloudFreqException">The spec is invalid; the message names its field and the option that set it.</exception>
    private static void CheckMarker(byte[] marker, string datasetPrefix, string markerBlob)
    {
        try
        {
            RunSpecValidator.Validate(MarkerTrigger.ParseMarker(Encoding.UTF8.GetString(marker), datasetPrefix));
        }
        catch (RunSpecException ex)
        {
            var option = OptionOf(ex.Field) is { } set ? $" (set by {set})" : string.Empty;
            throw new CloudFreqException($"the run spec of the marker {markerBlob} is invalid, nothing was uploaded: {ex.Message}{option}", ex);
        }
    }

    // The command-line option behind a field of the marker's run spec.
    private static string? OptionOf(string field) => field switch
    {
        "itemSize" => "--item-size",
        "suite" => "--suite",
        "seed" => "--seed",
        _ when field.StartsWith("models", StringComparison.Ordinal) => "--model",
        _ when field.StartsWith("datasets", StringComparison.Ordinal) => "--name",
        _ => null,
    };

    // Shards pay off for the many-small-files formats; CIFAR binary, IDX and shards are a few large files already,
    // and a folder no format recognizes is copied as it is (the run reports what is wrong with it).
    private static UploadLayout LayoutOf(string dir)
    {
        try
        {
            return new DatasetOpener().Detect(dir, new DatasetOptions()) is DatasetFormat.ImageFolder or DatasetFormat.LabelsCsv
                ? UploadLayout.Shards
                : UploadLayout.Plain;
        }
        catch (CloudFreqException)
        {
            return UploadLayout.Plain;
        }
    }
}

/// <summary>One local file and the blob it becomes.</summary>
internal sealed record UploadFile(string Source, string Blob, long Length)
{
    public static UploadFile Of(string source, string blob) => new(source, blob, new FileInfo(source).Length);
}

/// <summary>What an upload wrote, for its last line.</summary>
/// <param name="Files">Files copied as they are (dataset files when plain, models and cards).</param>
/// <param name="Bytes">Bytes uploaded, shards included.</param>
/// <param name="Shards">The shards' manifest when the dataset went up as shards.</param>
internal sealed record UploadSummary(int Files, long Bytes, ShardManifest? Shards)
{
    public string Describe(string markerBlob) => Shards is { } manifest
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"uploaded {manifest.Samples} images as {manifest.Shards.Count} {(manifest.Shards.Count == 1 ? "shard" : "shards")} and {ShardManifest.FileName}, {Files} model files ({UploadCommand.Size(Bytes)} in all), and the marker {markerBlob}")
        : string.Create(CultureInfo.InvariantCulture, $"uploaded {Files} files ({UploadCommand.Size(Bytes)}) and the marker {markerBlob}");
}
