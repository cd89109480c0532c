using System.Collections.Concurrent;
using System.CommandLine;
using System.Text.Json;
using CloudFreq.Cli.Commands;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Cli.Tests.Serve.Commands;

public sealed class UploadAndServeCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cloudfreq-upload-{Guid.NewGuid():N}");

    public UploadAndServeCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data", "cat"));
        Directory.CreateDirectory(Path.Combine(_root, "data", "dog"));
        File.WriteAllBytes(Path.Combine(_root, "data", "cat", "1.png"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_root, "data", "dog", "2.png"), [4, 5]);
        File.WriteAllText(Path.Combine(_root, "data", "labels.csv"), "file,label\n");
        Directory.CreateDirectory(Path.Combine(_root, "models"));
        File.WriteAllBytes(Path.Combine(_root, "models", "net.onnx"), [9, 9]);
        File.WriteAllText(Path.Combine(_root, "models", "net.json"), """{"layout":"nchw"}""");
        File.WriteAllBytes(Path.Combine(_root, "models", "other.onnx"), [8]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task UploadPlain_CopiesDatasetAndModels_MarkerLast()
    {
        var store = new RecordingBlobStore();
        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--model", Path.Combine(_root, "models", "other.onnx"),
             "--suite", "clean", "--seed", "42", "--item-size", "50", "--storage", "UseDevelopmentStorage=true", "--plain"],
            blobStores: connection =>
            {
                Assert.Equal("UseDevelopmentStorage=true", connection);
                return store;
            });

        Assert.True(result.ExitCode == 0, result.Error);
        var names = store.Written.Select(w => w.Name).ToList();
        Assert.Equal(
            ["datasets/pets/cat/1.png", "datasets/pets/dog/2.png", "datasets/pets/labels.csv", "models/net.json", "models/net.onnx", "models/other.onnx"],
            names[..^1].Order(StringComparer.Ordinal));
        Assert.Equal("datasets/pets/run.json", names[^1]);
        using var marker = JsonDocument.Parse(store.Written.Last().Content);
        Assert.False(marker.RootElement.TryGetProperty("datasets", out _));
        Assert.Equal(["models/net.onnx", "models/other.onnx"], marker.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("path").GetString()));
        Assert.Equal(42, marker.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal(50, marker.RootElement.GetProperty("itemSize").GetInt32());
        Assert.Equal("clean", marker.RootElement.GetProperty("suite").GetString());
    }

    [Fact]
    public async Task Upload_ImageFolder_WritesShardsAndManifestThenTheMarker()
    {
        var data = Path.Combine(_root, "pets");
        for (var i = 0; i < 40; i++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(data, i % 2 == 0 ? "cat" : "dog")).FullName;
            File.WriteAllBytes(Path.Combine(folder, $"{i:D2}.png"), new byte[30_000 + i]);
        }

        var store = new RecordingBlobStore();
        var result = await CliHarness.RunAsync(
            ["upload", data, "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--shard-size", "1", "--storage", "x", "--no-progress"],
            blobStores: _ => store);

        Assert.True(result.ExitCode == 0, result.Error);
        var names = store.Written.Select(w => w.Name).ToList();
        Assert.Equal(
            ["datasets/pets/shard-000000.tar", "datasets/pets/shard-000001.tar", "datasets/pets/shards.json", "models/net.json", "models/net.onnx"],
            names[..^1].Order(StringComparer.Ordinal));
        Assert.Equal("datasets/pets/run.json", names[^1]);
        Assert.All(store.Written.Where(w => w.Name.EndsWith(".tar", StringComparison.Ordinal)), w => Assert.InRange(w.Content.Length, 1, 1_000_000));
        using var manifest = JsonDocument.Parse(store.Written.Single(w => w.Name.EndsWith("shards.json", StringComparison.Ordinal)).Content);
        Assert.Equal(40, manifest.RootElement.GetProperty("samples").GetInt32());
        Assert.Contains("uploaded 40 images as 2 shards and shards.json, 2 model files", result.Output, StringComparison.Ordinal);
        Assert.Contains("wrote shard-000001.tar", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PrefixHoldingAnEarlierUploadOfTheOtherLayout_IsRefused()
    {
        var store = new RecordingBlobStore(existing: ["datasets/pets/shards.json", "datasets/pets/shard-000000.tar"]);

        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--plain", "--storage", "x"],
            blobStores: _ => store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("datasets/pets/ already holds 2 blob(s) this upload would not replace", result.Error, StringComparison.Ordinal);
        Assert.Contains("earlier sharded upload", result.Error, StringComparison.Ordinal);
        Assert.Empty(store.Written);
    }

    [Fact]
    public async Task Upload_ToLocalFolderStore_WritesFiles()
    {
        var target = Path.Combine(_root, "store");
        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--storage", "file:" + target, "--plain"]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(target, "datasets", "pets", "cat", "1.png")));
        Assert.True(File.Exists(Path.Combine(target, "models", "net.onnx")));
        Assert.True(File.Exists(Path.Combine(target, "datasets", "pets", "run.json")));
    }

    [Fact]
    public async Task Upload_ItemSizeAboveTheMax_IsRefusedBeforeAnythingIsUploaded()
    {
        var store = new RecordingBlobStore();
        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--item-size", "2000000", "--storage", "x", "--plain"],
            blobStores: _ => store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("datasets/pets/run.json is invalid, nothing was uploaded: itemSize: must be between 1 and 1000000, got 2000000. (set by --item-size)", result.Error, StringComparison.Ordinal);
        Assert.Empty(store.Written);
    }

    [Fact]
    public async Task Upload_TooManyModels_IsRefusedNamingTheField()
    {
        var models = Directory.CreateDirectory(Path.Combine(_root, "many")).FullName;
        List<string> args = ["upload", Path.Combine(_root, "data"), "--name", "pets", "--storage", "x", "--plain"];
        for (var i = 0; i <= RunSpecValidator.MaxModels; i++)
        {
            var model = Path.Combine(models, $"m{i}.onnx");
            File.WriteAllBytes(model, [1]);
            args.AddRange(["--model", model]);
        }

        var store = new RecordingBlobStore();
        var result = await CliHarness.RunAsync([.. args], blobStores: _ => store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"models: at most {RunSpecValidator.MaxModels} models per run, got {RunSpecValidator.MaxModels + 1}. (set by --model)", result.Error, StringComparison.Ordinal);
        Assert.Empty(store.Written);
    }

    [Fact]
    public async Task Upload_SuiteThatIsNoBlobName_IsRefusedNamingTheField()
    {
        var store = new RecordingBlobStore();
        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx"), "--suite", "c:clean", "--storage", "x", "--plain"],
            blobStores: _ => store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("suite: 'c:clean' is not a relative blob name", result.Error, StringComparison.Ordinal);
        Assert.Contains("(set by --suite)", result.Error, StringComparison.Ordinal);
        Assert.Empty(store.Written);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("")]
    [InlineData(".hidden")]
    public async Task Upload_BadName_IsAUserError(string name)
    {
        var result = await CliHarness.RunAsync(
            ["upload", Path.Combine(_root, "data"), "--name", name, "--model", Path.Combine(_root, "models", "net.onnx"), "--storage", "x"],
            blobStores: _ => new RecordingBlobStore());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--name", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithoutModel_OrStorage_IsAUserError()
    {
        var noModel = await CliHarness.RunAsync(["upload", Path.Combine(_root, "data"), "--name", "pets", "--storage", "x"], blobStores: _ => new RecordingBlobStore());
        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("--model", noModel.Error, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("CLOUDFREQ_STORAGE") is null)
        {
            var noStorage = await CliHarness.RunAsync(["upload", Path.Combine(_root, "data"), "--name", "pets", "--model", Path.Combine(_root, "models", "net.onnx")]);
            Assert.Equal(1, noStorage.ExitCode);
            Assert.Contains("--storage", noStorage.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Serve_Options_BecomeHostSettings()
    {
        var options = new ServeOptions();
        var command = new Command("serve");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var parse = command.Parse(["--storage", "UseDevelopmentStorage=true", "--urls", "http://127.0.0.1:7071", "--role", "worker", "--no-poller"]);
        Assert.Empty(parse.Errors);
        var settings = options.ToSettings(parse);
        Assert.Equal(CloudHostRole.Worker, settings.Role);
        Assert.False(settings.MarkerPoller);
        Assert.Equal("UseDevelopmentStorage=true", settings.Storage);
        Assert.Equal(["--urls", "http://127.0.0.1:7071"], settings.Args);

        var defaults = options.ToSettings(command.Parse([]));
        Assert.Equal(CloudHostRole.All, defaults.Role);
        Assert.True(defaults.MarkerPoller);
        Assert.Empty(defaults.Args);
    }

    [Fact]
    public async Task Serve_BadRole_IsAUserError()
    {
        var result = await CliHarness.RunAsync(["serve", "--role", "scheduler"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--role", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MalformedConnectionString_FailsClearly()
    {
        var result = await CliHarness.RunAsync(["serve", "--storage", "AccountName=x;NoSuchSetting", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
        Assert.Contains("connection string", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class RecordingBlobStore(IReadOnlyList<string>? existing = null) : IBlobStore
    {
        private readonly ConcurrentQueue<(string Name, byte[] Content)> _written = new();

        public IReadOnlyList<(string Name, byte[] Content)> Written => [.. _written];

        public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            _written.Enqueue((name, content.ToArray()));
            return Task.FromResult(true);
        }

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            _written.Enqueue((name, content.ToArray()));
            return Task.CompletedTask;
        }

        public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([.. (existing ?? []).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))]);

        public string Describe(string name) => name;
    }
}
