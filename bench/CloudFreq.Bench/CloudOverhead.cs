using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Bench;

/// <summary>
/// The cloud workflow end to end on Azurite, with the real CLI in separate processes
/// (<c>cloudfreq upload</c>, <c>cloudfreq serve --role worker</c>):
/// <list type="number">
/// <item>Orchestration overhead: 200 work items of 5 Fashion-MNIST images on a trivial model, one
/// worker process (1 intra-op thread, concurrency 1). With one worker handling one message at a time,
/// the items finish one after another, so the time between two consecutive items' completions is
/// that item's whole cycle: its receive from the queue, the run/result/item-row reads, the Running
/// update, the executor, the result blob, the Done update, the run counter and the message delete
/// of the previous item. Per item, overhead = that cycle - the executor's own time
/// (<c>timings.totalSeconds</c> of its result). The cycle comes from the items' Done timestamps in
/// the run store (<c>cloudfreqitems</c>) and, as a check, from the worker's log lines
/// "Item ...: N images in X s" (JSON console, UTC ms). The first item (cold: dataset and model
/// download, session creation) is reported apart.</item>
/// <item>Fan-out: a compute-bound run (by default the <c>paper</c> suite on the Fashion-MNIST sample
/// with fmnist_standard, item size 50: 112 items, about 35 s with one worker on 2 cores; one IDX file,
/// so planning is short) with 1 worker process x 1 thread, then with 2 x 1 thread, each on a fresh
/// Azurite; wall time from the end of the upload (the marker is written last) to the report's
/// results.csv appearing; both results.csv must be byte-identical. The workers' CPU time is printed
/// too, to tell a scheduling limit from a CPU limit. (The CIFAR-10 test set uploaded --plain as 10,000 JPEG blobs
/// spends about 45 s planning before the first item, which the fan-out cannot shorten; as shards, the default, see shard-staging.)</item>
/// </list>
/// </summary>
internal static class CloudOverhead
{
    public const string Usage =
        "cloud-overhead [--cli DLL] [--skip-overhead] [--skip-fanout] [--fanout-data DIR] [--fanout-model ONNX]\n"
        + "                 [--fanout-suite S] [--fanout-item-size N]\n"
        + "                                 cloud workflow on Azurite: per-item orchestration overhead (200 items, 1 worker)\n"
        + "                                 and fan-out speedup of 1 vs 2 worker processes (1 thread each)";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (!File.Exists(options.Cli))
        {
            Console.Error.WriteLine($"{options.Cli} is missing: run `dotnet build CloudFreq.sln -c Release` first (or pass --cli).");
            return 2;
        }

        if (!File.Exists(Azurite.Script))
        {
            Console.Error.WriteLine($"{Azurite.Script} is missing: run `npm ci --prefix infra/local`.");
            return 2;
        }

        var report = new List<string>();
        if (!options.SkipOverhead)
        {
            report.AddRange(await OverheadAsync(options));
        }

        if (!options.SkipFanout)
        {
            report.AddRange(await FanoutAsync(options));
        }

        Console.WriteLine();
        Console.WriteLine("==== cloud-overhead ====");
        report.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<List<string>> OverheadAsync(Options options)
    {
        Console.WriteLine("[overhead] samples/fashion-mnist (1,000 images), fmnist_standard, suite clean, item size 5, 1 worker x 1 thread");
        await using var azurite = await Azurite.StartAsync();
        await using var worker = await Worker.StartAsync(options.Cli, azurite.ConnectionString, 0);
        var ports = AzureCloudPorts.Create(AzureStorageClients.FromConnectionString(azurite.ConnectionString));
        var run = await UploadAndWaitAsync(options, azurite.ConnectionString, ports, BenchPaths.Repo("samples", "fashion-mnist"), "overhead",
            BenchPaths.Repo("samples", "models", "fmnist_standard.onnx"), "clean", 5);

        var items = await ItemsAsync(ports, run.RunId);
        var logDone = worker.ItemLines().ToDictionary(l => l.ItemId, l => l.Time);
        var ordered = items.OrderBy(i => i.Done).ToList();
        var fromRows = new List<double>();
        var fromLogs = new List<double>();
        for (var k = 1; k < ordered.Count; k++)
        {
            var (prev, item) = (ordered[k - 1], ordered[k]);
            fromRows.Add(((item.Done - prev.Done).TotalSeconds - item.ExecutorSeconds) * 1000);
            if (logDone.TryGetValue(item.ItemId, out var t1) && logDone.TryGetValue(prev.ItemId, out var t0))
            {
                fromLogs.Add(((t1 - t0).TotalSeconds - item.ExecutorSeconds) * 1000);
            }
        }

        var span = (ordered[^1].Done - ordered[0].Done).TotalSeconds;
        var meanExec = ordered.Skip(1).Average(i => i.ExecutorSeconds);
        var meanOverhead = (span / (ordered.Count - 1) - meanExec) * 1000;
        var retried = items.Count(i => i.Attempts > 1);
        return
        [
            Invariant($"Orchestration overhead, {items.Count} items x 5 images (fmnist_standard, suite clean), 1 worker process x 1 intra-op thread, concurrency 1, poll 200 ms:"),
            Invariant($"  per item, overhead = (item's Done time - previous item's Done time) - executor time (timings.totalSeconds); items 2..{items.Count}"),
            Invariant($"  from item rows (cloudfreqitems UpdatedTime): median {Percentile(fromRows, 0.5):F1} ms, p90 {Percentile(fromRows, 0.9):F1} ms, max {fromRows.Max():F1} ms (target: median < 50 ms)"),
            fromLogs.Count == 0
                ? "  from worker log timestamps: (no \"Item ...\" lines parsed)"
                : Invariant($"  from worker log timestamps (ms resolution): median {Percentile(fromLogs, 0.5):F1} ms, p90 {Percentile(fromLogs, 0.9):F1} ms ({fromLogs.Count} items)"),
            Invariant($"  mean: (last Done - first Done) / {ordered.Count - 1} - mean executor = {span / (ordered.Count - 1) * 1000:F1} - {meanExec * 1000:F1} = {meanOverhead:F1} ms"),
            Invariant($"  executor per item: median {Percentile([.. ordered.Select(i => i.ExecutorSeconds * 1000)], 0.5):F1} ms; first (cold) item executor {ordered[0].ExecutorSeconds * 1000:F0} ms; items delivered more than once: {retried}"),
            Invariant($"  load average before/after: {run.LoadBefore} / {run.LoadAfter}"),
            Invariant($"  run wall time: marker upload -> results.csv {run.WallSeconds:F2} s (marker -> run record {run.RecordSeconds:F2} s, first item done at {(ordered[0].Done - run.MarkerTime).TotalSeconds:F2} s, last item done at {(ordered[^1].Done - run.MarkerTime).TotalSeconds:F2} s)"),
        ];
    }

    private static async Task<List<string>> FanoutAsync(Options options)
    {
        var results = new List<(int Workers, RunOutcome Run, double ExecutorSum, int Items, byte[] Csv, double Cpu)>();
        foreach (var workers in (int[])[1, 2])
        {
            Console.WriteLine($"[fan-out] {workers} worker process(es) x 1 thread: {options.FanoutData}, {Path.GetFileName(options.FanoutModel)}, suite {options.FanoutSuite}, item size {options.FanoutItemSize}");
            await using var azurite = await Azurite.StartAsync();
            var started = new List<Worker>();
            try
            {
                for (var w = 0; w < workers; w++)
                {
                    started.Add(await Worker.StartAsync(options.Cli, azurite.ConnectionString, w));
                }

                var ports = AzureCloudPorts.Create(AzureStorageClients.FromConnectionString(azurite.ConnectionString));
                var startCpu = started.Sum(w => w.CpuSeconds);
                var run = await UploadAndWaitAsync(options, azurite.ConnectionString, ports, options.FanoutData, "fanout", options.FanoutModel, options.FanoutSuite, options.FanoutItemSize);
                var items = await ItemsAsync(ports, run.RunId);
                var perWorker = started.Select(w => w.ItemLines().Count()).ToList();
                var cpu = started.Sum(w => w.CpuSeconds) - startCpu;
                Console.WriteLine(Invariant($"  wall {run.WallSeconds:F2} s, {items.Count} items, executor total {items.Sum(i => i.ExecutorSeconds):F2} s, worker CPU {cpu:F1} s, items per worker: {string.Join(" / ", perWorker)}"));
                results.Add((workers, run, items.Sum(i => i.ExecutorSeconds), items.Count, run.ResultsCsv, cpu));
            }
            finally
            {
                foreach (var w in started)
                {
                    await w.DisposeAsync();
                }
            }
        }

        var (one, two) = (results[0], results[1]);
        var identical = one.Csv.AsSpan().SequenceEqual(two.Csv);
        var lines = new List<string>
        {
            Invariant($"Fan-out, {options.FanoutSuite} suite on {Path.GetFileName(options.FanoutData.TrimEnd('/'))} with {Path.GetFileName(options.FanoutModel)}, item size {options.FanoutItemSize} ({one.Items} items), fresh Azurite per run:"),
            Invariant($"  1 worker x 1 thread: {one.Run.WallSeconds:F2} s (executor total {one.ExecutorSum:F2} s; worker CPU {one.Cpu:F1} s = {one.Cpu / one.Run.WallSeconds:F2} cores on average)"),
            Invariant($"  2 workers x 1 thread: {two.Run.WallSeconds:F2} s (executor total {two.ExecutorSum:F2} s; worker CPU {two.Cpu:F1} s = {two.Cpu / two.Run.WallSeconds:F2} cores on average)"),
            Invariant($"  speedup 1x1 / 2x1 = {one.Run.WallSeconds / two.Run.WallSeconds:F2} (wall from the marker upload to reports/<run>/results.csv)"),
            Invariant($"  executor total 2x1 / 1x1 = {two.ExecutorSum / one.ExecutorSum:F2} (above 1: the workers, or other load on the machine, slowed each other's items)"),
            Invariant($"  load average before/after: 1x1 {one.Run.LoadBefore} / {one.Run.LoadAfter}, 2x1 {two.Run.LoadBefore} / {two.Run.LoadAfter}"),
        };
        var folder = Path.Combine(Path.GetTempPath(), "cloudfreq-bench-fanout");
        Directory.CreateDirectory(folder);
        var (path1, path2) = (Path.Combine(folder, "results-1x1.csv"), Path.Combine(folder, "results-2x1.csv"));
        await File.WriteAllBytesAsync(path1, one.Csv);
        await File.WriteAllBytesAsync(path2, two.Csv);
        var rows = Encoding.UTF8.GetString(one.Csv).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Add($"  results.csv identical: {(identical ? "yes" : "NO")} ({one.Csv.Length} and {two.Csv.Length} bytes, {rows.Count} lines; "
            + $"SHA-256 {Convert.ToHexStringLower(SHA256.HashData(one.Csv))[..16]}... and {Convert.ToHexStringLower(SHA256.HashData(two.Csv))[..16]}...); saved as {path1} and {path2}");
        const int shown = 25;
        lines.Add(rows.Count <= shown ? "  results.csv:" : $"  results.csv (first {shown} of {rows.Count} lines):");
        lines.AddRange(rows.Take(shown).Select(l => "    " + l));
        return lines;
    }

    private sealed record RunOutcome(string RunId, DateTimeOffset MarkerTime, double WallSeconds, double RecordSeconds, byte[] ResultsCsv, string LoadBefore, string LoadAfter);

    private sealed record ItemTiming(string ItemId, DateTimeOffset Done, double ExecutorSeconds, int Attempts);

    /// <summary>Uploads the dataset (marker last), then waits for the run record and its results.csv.</summary>
    private static async Task<RunOutcome> UploadAndWaitAsync(
        Options options, string connection, CloudPorts ports, string data, string name, string model, string suite, int itemSize)
    {
        var loadBefore = LoadAverage();
        var upload = Stopwatch.StartNew();
        await RunCliAsync(options.Cli, ["upload", data, "--name", name, "--model", model, "--suite", suite,
            "--item-size", itemSize.ToString(CultureInfo.InvariantCulture), "--storage", connection, "--no-progress"]);
        var markerTime = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        Console.WriteLine(Invariant($"  uploaded in {upload.Elapsed.TotalSeconds:F1} s; waiting for the run"));
        var marker = CloudNames.MarkerBlob(name);
        var deadline = TimeSpan.FromMinutes(20);
        RunState? run = null;
        double recordSeconds = 0;
        while (run is null)
        {
            var page = await ports.Runs.ListRunsAsync(null, 50);
            run = page.Runs.FirstOrDefault(r => r.Source == marker);
            recordSeconds = watch.Elapsed.TotalSeconds;
            await Pause(watch, deadline, "no run record for " + marker);
        }

        var csvName = CloudNames.ReportBlob(run.RunId, "results.csv");
        byte[]? csv = null;
        var lastPrint = 0.0;
        while (csv is null)
        {
            csv = await ports.Blobs.ReadAsync(csvName);
            if (csv is not null)
            {
                break;
            }

            if (watch.Elapsed.TotalSeconds - lastPrint >= 10)
            {
                lastPrint = watch.Elapsed.TotalSeconds;
                var state = (await ports.Runs.GetRunAsync(run.RunId))?.Value;
                Console.WriteLine(Invariant($"  {lastPrint:F0} s: run {run.RunId} {state?.Status} {state?.Done}/{state?.Total} done, {state?.Failed} failed"));
                if (state?.Status is RunStatus.Failed or RunStatus.Canceled)
                {
                    throw new InvalidOperationException($"run {run.RunId} ended {state.Status}: {state.Error}");
                }
            }

            await Pause(watch, deadline, "no " + csvName);
        }

        var wall = watch.Elapsed.TotalSeconds;
        var final = (await ports.Runs.GetRunAsync(run.RunId))?.Value;
        if (final is { Failed: > 0 })
        {
            throw new InvalidOperationException($"run {run.RunId}: {final.Failed} item(s) failed");
        }

        Console.WriteLine(Invariant($"  run {run.RunId}: results.csv after {wall:F2} s"));
        return new RunOutcome(run.RunId, markerTime, wall, recordSeconds, csv, loadBefore, LoadAverage());
    }

    private static async Task Pause(Stopwatch watch, TimeSpan deadline, string what)
    {
        if (watch.Elapsed > deadline)
        {
            throw new TimeoutException($"{what} after {deadline.TotalMinutes:F0} min");
        }

        await Task.Delay(100);
    }

    private static async Task<List<ItemTiming>> ItemsAsync(CloudPorts ports, string runId)
    {
        var rows = await ports.Runs.ListItemsAsync(runId);
        var items = new ConcurrentBag<ItemTiming>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) =>
        {
            var bytes = await ports.Blobs.ReadAsync(CloudNames.ItemResultBlob(runId, row.Value.ItemId), ct)
                ?? throw new InvalidOperationException($"no result for item {row.Value.ItemId}");
            var result = JsonSerializer.Deserialize<ItemResult>(bytes, RunJson.Options)!;
            if (row.Value.Status != ItemStatus.Done)
            {
                throw new InvalidOperationException($"item {row.Value.ItemId} is {row.Value.Status}");
            }

            items.Add(new ItemTiming(row.Value.ItemId, row.Value.UpdatedTime, result.Timings.TotalSeconds, row.Value.Attempts));
        });
        return [.. items];
    }

    internal static async Task RunCliAsync(string cli, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cloudfreq {string.Join(' ', args.Take(1))} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    /// <summary>The 1-minute load average (Linux), to judge whether something else shared the cores.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static async Task WaitForPortAsync(int port, Process process, Func<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"nothing listens on port {port}: {output()}");
            }

            await Task.Delay(50);
        }
    }

    private sealed class Options
    {
        public string Cli { get; private set; } = BenchPaths.Repo("src", "Cli", "bin", "Release", "net10.0", "cloudfreq.dll");

        public bool SkipOverhead { get; private set; }

        public bool SkipFanout { get; private set; }

        public string FanoutData { get; private set; } = BenchPaths.Repo("samples", "fashion-mnist");

        public string FanoutModel { get; private set; } = BenchPaths.Repo("samples", "models", "fmnist_standard.onnx");

        public string FanoutSuite { get; private set; } = "paper";

        public int FanoutItemSize { get; private set; } = 50;

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--cli": o.Cli = Path.GetFullPath(Next()); break;
                    case "--skip-overhead": o.SkipOverhead = true; break;
                    case "--skip-fanout": o.SkipFanout = true; break;
                    case "--fanout-data": o.FanoutData = Path.GetFullPath(Next()); break;
                    case "--fanout-model": o.FanoutModel = Path.GetFullPath(Next()); break;
                    case "--fanout-suite": o.FanoutSuite = Next(); break;
                    case "--fanout-item-size": o.FanoutItemSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}; usage: {Usage}");
                }
            }

            return o;
        }
    }

    /// <summary>One Azurite process on free loopback ports with its data in a fresh temp folder (deleted on dispose).</summary>
    internal sealed class Azurite : IAsyncDisposable
    {
        public static readonly string Script = BenchPaths.Repo("infra", "local", "node_modules", "azurite", "dist", "src", "azurite.js");

        private readonly Process _process;
        private readonly string _location;

        private Azurite(Process process, string location, string connectionString)
        {
            (_process, _location, ConnectionString) = (process, location, connectionString);
        }

        public string ConnectionString { get; }

        public static async Task<Azurite> StartAsync()
        {
            var location = Path.Combine(Path.GetTempPath(), $"cloudfreq-bench-azurite-{Guid.NewGuid():N}");
            Directory.CreateDirectory(location);
            var ports = FreePorts(3);
            var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = location };
            var watchdog = BenchPaths.Repo("infra", "local", "parent-watchdog.cjs");
            if (File.Exists(watchdog))
            {
                start.ArgumentList.Add("--require");
                start.ArgumentList.Add(watchdog);
                start.Environment["CLOUDFREQ_AZURITE_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            }

            foreach (var a in (string[])[Script, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", location,
                "--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}", "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}"])
            {
                start.ArgumentList.Add(a);
            }

            var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            foreach (var port in ports)
            {
                await WaitForPortAsync(port, process, () => { lock (output) { return output.ToString(); } });
            }

            const string account = "devstoreaccount1";
            var connection = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AccountKey};"
                + $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{account};QueueEndpoint=http://127.0.0.1:{ports[1]}/{account};TableEndpoint=http://127.0.0.1:{ports[2]}/{account};";
            return new Azurite(process, location, connection);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A <c>cloudfreq serve --role worker</c> process: 1 intra-op thread, concurrency 1, JSON logs kept in memory.</summary>
    private sealed class Worker : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines;

        private Worker(Process process, ConcurrentQueue<string> lines) => (_process, _lines) = (process, lines);

        public static async Task<Worker> StartAsync(string cli, string connection, int index)
        {
            var port = FreePorts(1)[0];
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])[cli, "serve", "--role", "worker", "--storage", connection, "--urls", $"http://127.0.0.1:{port}"])
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["CLOUDFREQ_LOG_FORMAT"] = "json";
            start.Environment["cloudfreq__intraOpThreads"] = "1";
            start.Environment["extensions__queues__workerConcurrency"] = "1";
            start.Environment["extensions__queues__pollInterval"] = "00:00:00.200";
            start.Environment["extensions__queues__sweepInterval"] = "00:00:01";
            start.Environment["extensions__queues__visibilityTimeout"] = "00:01:00";
            var lines = new ConcurrentQueue<string>();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var worker = new Worker(process, lines);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!lines.Any(l => l.Contains("Listening on queue cloudfreq-items", StringComparison.Ordinal)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"worker {index} did not start: {string.Join('\n', lines.TakeLast(20))}");
                }

                await Task.Delay(50);
            }

            return worker;
        }

        /// <summary>CPU time (user + system) the worker process has used so far.</summary>
        public double CpuSeconds
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime.TotalSeconds;
            }
        }

        /// <summary>The "Item ID: N images in X s" lines: item id and log timestamp.</summary>
        public IEnumerable<(string ItemId, DateTimeOffset Time)> ItemLines()
        {
            foreach (var line in _lines)
            {
                if (!line.StartsWith('{') || !line.Contains("images in", StringComparison.Ordinal))
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("State", out var state) && state.TryGetProperty("ItemId", out var id)
                    && root.TryGetProperty("Timestamp", out var ts)
                    && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    yield return (id.GetString()!, time);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
