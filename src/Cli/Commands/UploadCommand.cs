using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Spectre.Console;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq upload DIR --name N</c>: copies every file of DIR under <c>datasets/N/</c>, each
/// <c>--model</c> (and its sidecar <c>.json</c>) under <c>models/</c>, and last the marker
/// <c>datasets/N/run.json</c>: a run spec without datasets whose models are the uploaded blobs.
/// The marker's arrival starts the run (Event Grid in Azure, the poller of <c>serve</c> locally).
/// </summary>
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
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: CLOUDFREQ_STORAGE), or file:FOLDER." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain log lines instead of a progress bar." };
        var command = new Command("upload", "Upload a dataset and models, then the run.json marker that starts a cloud run.") { dir };
        foreach (var option in new Option[] { name, models, suite, seed, itemSize, storage, noProgress })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var connection = parse.GetValue(storage) ?? Environment.GetEnvironmentVariable("CLOUDFREQ_STORAGE");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new CloudFreqException("--storage: give a storage connection string (or set CLOUDFREQ_STORAGE).");
            }

            var plan = UploadPlan.Create(
                Path.GetFullPath(parse.GetValue(dir)!),
                parse.GetValue(name)!,
                [.. (parse.GetValue(models) ?? []).Select(Path.GetFullPath)],
                parse.GetValue(suite)!,
                parse.GetValue(seed),
                DatasetOptionSet.Positive(parse.GetValue(itemSize), "--item-size"));
            var store = openStore(connection);
            await UploadAsync(store, plan, output, live: IsTerminal(output) && !parse.GetValue(noProgress), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"uploaded {plan.Files.Count} files ({Size(plan.TotalBytes)}) and the marker {plan.MarkerBlob}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    internal static async Task UploadAsync(IBlobStore store, UploadPlan plan, TextWriter output, bool live, CancellationToken cancellationToken)
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
                    var task = context.AddTask($"datasets/{plan.Name}", maxValue: Math.Max(1, plan.TotalBytes));
                    await CopyAsync(store, plan, bytes => task.Increment(bytes), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            var done = 0;
            await CopyAsync(store, plan, _ =>
            {
                var n = Interlocked.Increment(ref done);
                if (n % 500 == 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}/{plan.Files.Count} files"));
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        // The marker goes last: its arrival means "everything above is there".
        await store.WriteAsync(plan.MarkerBlob, plan.Marker, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync(IBlobStore store, UploadPlan plan, Action<long> uploaded, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(plan.Files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var bytes = await File.ReadAllBytesAsync(file.Source, ct).ConfigureAwait(false);
            await store.WriteAsync(file.Blob, bytes, ct).ConfigureAwait(false);
            uploaded(bytes.Length);
        }).ConfigureAwait(false);
    }

    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb") && Environment.GetEnvironmentVariable("CI") is null;

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}

/// <summary>What an upload copies where, decided (and checked) before anything is written.</summary>
internal sealed record UploadPlan(string Name, IReadOnlyList<UploadFile> Files, string MarkerBlob, byte[] Marker)
{
    public long TotalBytes => Files.Sum(f => f.Length);

    public static UploadPlan Create(string dir, string name, IReadOnlyList<string> models, string suite, long seed, int itemSize)
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
        return new UploadPlan(name, files, markerBlob, bytes);
    }
}

internal sealed record UploadFile(string Source, string Blob, long Length);
