using System.CommandLine;
using System.Globalization;

namespace CloudFreq.Cli.Commands;

/// <summary>The options of <c>cloudfreq evaluate</c>.</summary>
internal sealed class EvaluateOptions
{
    public Option<string[]> Data { get; } = new("--data", "-d")
    {
        Description = "Dataset: an ImageFolder (root/<class>/<image>), a folder with labels.csv, CIFAR .bin batches or IDX files (raw or .gz). Repeat for several.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Model { get; } = new("--model", "-m")
    {
        Description = "ONNX model. Repeat for several; its card comes from <model>.json, a models.json catalog, the ONNX metadata or the options below.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string> Suite { get; } = new("--suite", "-s")
    {
        Description = $"Analyses to run: a built-in suite ({string.Join(", ", Orchestrations.Runs.BuiltInSuites.Names)}) or a suite JSON file.",
        DefaultValueFactory = _ => "clean",
    };

    public Option<string> Out { get; } = new("--out", "-o")
    {
        Description = "Output folder for results.csv, report.json, report.html and per-item results (a rerun resumes).",
        DefaultValueFactory = _ => "cloudfreq-out",
    };

    public Option<int> BatchSize { get; } = new("--batch-size", "-b")
    {
        Description = "Images per inference call.",
        DefaultValueFactory = _ => 64,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (0 = one per core).",
        DefaultValueFactory = _ => 0,
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "Execution provider: cpu, cuda or cuda:N.",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>How the datasets are read: format, labels and load transforms.</summary>
    public DatasetOptionSet Dataset { get; } = new();

    public Option<string?> Layout { get; } = new("--layout") { Description = "Card override for every model: NCHW or NHWC." };

    public Option<string?> Mean { get; } = new("--mean") { Description = "Card override: per-channel mean, comma-separated (for example 0.485,0.456,0.406)." };

    public Option<string?> Std { get; } = new("--std") { Description = "Card override: per-channel std, comma-separated." };

    public Option<string?> Catalog { get; } = new("--catalog") { Description = "A model catalog (the format of models.json) to read cards from." };

    public Option<long> Seed { get; } = new("--seed") { Description = "Run seed (per-image seeds derive from it).", DefaultValueFactory = _ => 0 };

    public Option<int> ItemSize { get; } = new("--item-size")
    {
        Description = "Images per work item (the unit of resumption and fan-out).",
        DefaultValueFactory = _ => 1000,
    };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Stop at the first unreadable image instead of skipping and counting it." };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Discard results of a different run already in --out." };

    public Option<bool> NoProgress { get; } = new("--no-progress") { Description = "Plain log lines instead of a live progress bar." };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Prepare and plan only: print work items, passes, transform and model time per analysis from a short calibration of each model and transform family; write nothing.",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "With --dry-run: print the plan as JSON instead of tables." };

    public Option<double> CalibrationSeconds { get; } = new("--calibration-seconds")
    {
        Description = "With --dry-run: seconds of timing per model and pass kind (forward, gradient) after a warm-up, a quarter of it per transform family; 0 skips timing.",
        DefaultValueFactory = _ => 1.0,
    };

    public Option<int> Workers { get; } = new("--workers")
    {
        Description = "With --dry-run: also show the wall time with the work items spread over N workers like this machine.",
        DefaultValueFactory = _ => 1,
    };

    public IEnumerable<Option> All =>
    [
        Data, Model, Suite, Out, BatchSize, Threads, Device, .. Dataset.All, Layout, Mean, Std, Catalog, Seed, ItemSize, Strict, Overwrite, NoProgress,
        DryRun, Json, CalibrationSeconds, Workers,
    ];

    public static float[] ParseFloats(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new Core.CloudFreqException($"{option}: '{parts[i]}' is not a number (use '.' as decimal point, ',' between channels).");
            }
        }

        return values.Length > 0 ? values : throw new Core.CloudFreqException($"{option}: give at least one value.");
    }
}
