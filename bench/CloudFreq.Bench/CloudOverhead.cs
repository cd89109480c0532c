using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Serve.SelfHost;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Bench;

/// <summary>
/// The cloud workflow (Durable Task Framework over Azurite) end to end, with the real CLI in separate
/// processes (<c>cloudfreq upload</c>, <c>cloudfreq serve --role worker</c>), each scenario on a fresh
/// Azurite and a task hub of its own, hosts with short partition leases and work-item visibility (as the
/// end-to-end tests run them), the run read through <see cref="DurableCloudRuns"/> over
/// <see cref="TaskHubOrchestrationClient"/> as the API reads it. Three scenarios (<c>--mode</c>):
/// <list type="number">
/// <item><c>overhead</c>: 200 work items of 5 Fashion-MNIST images on a trivial model (clean suite), ONE
/// worker host with <c>maxConcurrentActivityFunctions</c> 1 and 1 intra-op thread, a window of 32 so the
/// work-item queue never runs dry. The host runs one activity at a time, so the time between two
/// consecutive items' completions is one item's whole cycle: the activity message's dequeue, the
/// prepared-run lease, the result/error existence checks, shard staging, the executor, the result blob,
/// and (of the previous item) the activity response to the control queue and the message delete, with
/// the orchestrator's replays and the lease renewals of the same host competing for the same cores.
/// Per item, overhead = that cycle - the executor's own time (<c>timings.totalSeconds</c> of its
/// result blob <c>results/RUN/items/ID.json</c>). Completion times are the UTC millisecond timestamps of
/// the worker's JSON log lines "Item ID: N images in S s"; the result blobs' Last-Modified is checked as
/// a second clock (Azurite lists it with whole seconds, so it only bounds the log clock). The first item
/// (cold: dataset and model download, session creation) is reported apart.</item>
/// <item><c>speedup</c>: a compute-bound run (by default the <c>paper</c> suite on the Fashion-MNIST sample
/// with fmnist_standard, item size 50: 252 items; one IDX file, so planning is short) with 1 host x 1
/// ORT thread, then 2 hosts x 1 ORT thread, each on a fresh Azurite; wall time from the end of the
/// upload (the marker is written last) to the report's results.csv; both results.csv must be
/// byte-identical. The hosts' CPU time is printed too, to tell a scheduling limit from a CPU limit.</item>
/// <item><c>fanout</c>: 10,000 trivial items (the 1,000 Fashion-MNIST samples repeated into one IDX file of
/// 10,000 images, clean suite, item size 1) on one host as in <c>overhead</c>: time from the marker (and
/// from the orchestration's creation) to the first item result, to the last, to results.csv, and the
/// total orchestration overhead (wall - executor time) per item. <c>--fanout-items N</c> measures fewer
/// and extrapolates linearly to 10,000, labelled as such.</item>
/// </list>
/// </summary>
internal static class CloudOverhead
{
    public const string Usage =
        "cloud-overhead [--mode overhead,speedup,fanout] [--cli DLL] [--window N] [--overhead-items N]\n"
        + "                 [--speedup-data DIR] [--speedup-model ONNX] [--speedup-suite S] [--speedup-item-size N]\n"
        + "                 [--fanout-items N] [--visibility HH:MM:SS] [--timeout-minutes M]\n"
        + "                                 cloud workflow (Durable Task on Azurite): per-item orchestration overhead (200 items,\n"
        + "                                 1 host), speedup of 2 hosts over 1 (1 ORT thread each), fan-out of 10,000 items";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int FullFanout = 10_000;

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

        Console.WriteLine(Invariant($"cloud-overhead: modes {string.Join(",", options.Modes)}; {Environment.ProcessorCount} cores; load average {LoadAverage(all: true)}; {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC"));
        var report = new List<string>();
        if (options.Modes.Contains("overhead"))
        {
            report.AddRange(await OverheadAsync(options));
        }

        if (options.Modes.Contains("speedup"))
        {
            report.AddRange(await SpeedupAsync(options));
        }

        if (options.Modes.Contains("fanout"))
        {
            report.AddRange(await FanoutAsync(options));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"==== cloud-overhead (Durable Task engine), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ===="));
        report.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<List<string>> OverheadAsync(Options options)
    {
        const int itemSize = 5;
        var data = BenchPaths.Repo("samples", "fashion-mnist");
        var model = BenchPaths.Repo("samples", "models", "fmnist_standard.onnx");
        var folder = TempFolder("overhead");
        try
        {
            // The sample has 1,000 images: more items than 200 repeat it.
            var images = options.OverheadItems * itemSize;
            if (images != 1000)
            {
                data = TiledIdx(data, Path.Combine(folder, "overhead"), images);
            }

            Console.WriteLine(Invariant($"[overhead] {images} Fashion-MNIST images, fmnist_standard, suite clean, item size {itemSize}, 1 host x 1 activity x 1 ORT thread, window {options.Window}"));
            await using var scenario = await Scenario.StartAsync(options, hosts: 1);
            var run = await UploadAndWaitAsync(options, scenario, data, "overhead", model, "clean", itemSize);
            var items = await scenario.ItemsAsync(run.RunId);
            var chain = Chain.Of(items);
            var lines = new List<string>
            {
                Invariant($"Orchestration overhead, {items.Count} items x {itemSize} images (fmnist_standard, suite clean), 1 worker host, maxConcurrentActivityFunctions 1, 1 intra-op thread, window {options.Window}:"),
                Invariant($"  per item, overhead = (item's completion - previous item's completion) - executor time (timings.totalSeconds); items 2..{items.Count}, completions from the worker's JSON log (UTC ms)"),
                Invariant($"  median {chain.Median:F1} ms, p90 {chain.P90:F1} ms, max {chain.Max:F1} ms, mean {chain.Mean:F1} ms (target: median <= 25 ms)"),
                chain.LastModifiedLine(),
                Invariant($"  executor per item: median {chain.MedianExecutorMs:F2} ms; activity's own time (log \"in S s\": lease, checks, staging, executor, result write) median {chain.MedianActivityMs:F1} ms"),
                Invariant($"  first (cold) item {chain.First.ItemId}: done {(chain.First.Done - run.CreatedTime).TotalSeconds:F2} s after the run's orchestration was created, activity {chain.First.ActivitySeconds * 1000:F0} ms, executor {chain.First.ExecutorSeconds * 1000:F0} ms"),
                Invariant($"  items computed more than once: {scenario.Duplicates()}"),
                run.Describe(chain),
            };
            return lines;
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    private static async Task<List<string>> SpeedupAsync(Options options)
    {
        var results = new List<(int Hosts, RunOutcome Run, double ExecutorSum, int Items, double Cpu, List<int> PerHost)>();
        foreach (var hosts in (int[])[1, 2])
        {
            Console.WriteLine($"[speedup] {hosts} host(s) x 1 activity x 1 ORT thread: {options.SpeedupData}, {Path.GetFileName(options.SpeedupModel)}, suite {options.SpeedupSuite}, item size {options.SpeedupItemSize}, window {options.Window}");
            await using var scenario = await Scenario.StartAsync(options, hosts);
            var startCpu = scenario.CpuSeconds;
            var run = await UploadAndWaitAsync(options, scenario, options.SpeedupData, "speedup", options.SpeedupModel, options.SpeedupSuite, options.SpeedupItemSize);
            var cpu = scenario.CpuSeconds - startCpu;
            var items = await scenario.ItemsAsync(run.RunId);
            var perHost = scenario.Hosts.Select(h => h.ItemLines().Count()).ToList();
            var executor = items.Sum(i => i.ExecutorSeconds);
            Console.WriteLine(Invariant($"  wall {run.WallSeconds:F2} s, {items.Count} items, executor total {executor:F2} s, host CPU {cpu:F1} s, items per host: {string.Join(" / ", perHost)}; items computed more than once: {scenario.Duplicates()}"));
            results.Add((hosts, run, executor, items.Count, cpu, perHost));
        }

        var (one, two) = (results[0], results[1]);
        var identical = one.Run.ResultsCsv.AsSpan().SequenceEqual(two.Run.ResultsCsv);
        var lines = new List<string>
        {
            Invariant($"Speedup, {options.SpeedupSuite} suite on {Path.GetFileName(options.SpeedupData.TrimEnd('/'))} with {Path.GetFileName(options.SpeedupModel)}, item size {options.SpeedupItemSize} ({one.Items} items), fresh Azurite and task hub per run, window {options.Window}, work-item visibility {options.WorkItemVisibility}:"),
            Invariant($"  1 host x 1 thread: {one.Run.WallSeconds:F2} s (executor total {one.ExecutorSum:F2} s; host CPU {one.Cpu:F1} s = {one.Cpu / one.Run.WallSeconds:F2} cores on average; first item done {one.Run.FirstDoneSeconds:F2} s after the marker)"),
            Invariant($"  2 hosts x 1 thread: {two.Run.WallSeconds:F2} s (executor total {two.ExecutorSum:F2} s; host CPU {two.Cpu:F1} s = {two.Cpu / two.Run.WallSeconds:F2} cores on average; items per host {string.Join(" / ", two.PerHost)}; first item done {two.Run.FirstDoneSeconds:F2} s after the marker)"),
            Invariant($"  speedup 1 host / 2 hosts = {one.Run.WallSeconds / two.Run.WallSeconds:F2} (wall from the marker upload to reports/<run>/results.csv; target >= 1.7)"),
            Invariant($"  executor total 2 hosts / 1 host = {two.ExecutorSum / one.ExecutorSum:F2} (above 1: the hosts, or other load on the machine, slowed each other's items)"),
            Invariant($"  load average (1 min) 1 host: {one.Run.Load}; 2 hosts: {two.Run.Load}"),
        };
        var folder = Path.Combine(Path.GetTempPath(), "cloudfreq-bench-speedup");
        Directory.CreateDirectory(folder);
        var (path1, path2) = (Path.Combine(folder, "results-1x1.csv"), Path.Combine(folder, "results-2x1.csv"));
        await File.WriteAllBytesAsync(path1, one.Run.ResultsCsv);
        await File.WriteAllBytesAsync(path2, two.Run.ResultsCsv);
        var rows = Encoding.UTF8.GetString(one.Run.ResultsCsv).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Add($"  results.csv identical: {(identical ? "yes" : "NO")} ({one.Run.ResultsCsv.Length} and {two.Run.ResultsCsv.Length} bytes, {rows.Count} lines; "
            + $"SHA-256 {Convert.ToHexStringLower(SHA256.HashData(one.Run.ResultsCsv))[..16]}... and {Convert.ToHexStringLower(SHA256.HashData(two.Run.ResultsCsv))[..16]}...); saved as {path1} and {path2}");
        const int shown = 5;
        lines.Add(rows.Count <= shown ? "  results.csv:" : $"  results.csv (first {shown} of {rows.Count} lines):");
        lines.AddRange(rows.Take(shown).Select(l => "    " + l));
        return lines;
    }

    private static async Task<List<string>> FanoutAsync(Options options)
    {
        var count = options.FanoutItems;
        var folder = TempFolder("fanout");
        try
        {
            var data = TiledIdx(BenchPaths.Repo("samples", "fashion-mnist"), Path.Combine(folder, "fanout"), count);
            var model = BenchPaths.Repo("samples", "models", "fmnist_standard.onnx");
            Console.WriteLine(Invariant($"[fanout] {count} items of 1 image (the Fashion-MNIST samples repeated), fmnist_standard, suite clean, 1 host x 1 activity x 1 ORT thread, window {options.Window}"));
            await using var scenario = await Scenario.StartAsync(options, hosts: 1);
            var run = await UploadAndWaitAsync(options, scenario, data, "fanout", model, "clean", 1);
            var items = await scenario.ItemsAsync(run.RunId);
            if (items.Count != count)
            {
                throw new InvalidOperationException($"expected {count} item results, found {items.Count}");
            }

            var chain = Chain.Of(items);
            var executor = items.Sum(i => i.ExecutorSeconds);
            var firstAfterMarker = (chain.First.Done - run.MarkerTime).TotalSeconds;
            var firstAfterCreate = (chain.First.Done - run.CreatedTime).TotalSeconds;
            var lastAfterMarker = (chain.Last.Done - run.MarkerTime).TotalSeconds;
            var summarize = run.WallSeconds - lastAfterMarker;
            var totalOverhead = run.WallSeconds - executor;
            var steady = (chain.Last.Done - chain.First.Done).TotalSeconds - items.Where(i => i != chain.First).Sum(i => i.ExecutorSeconds);
            var lines = new List<string>
            {
                Invariant($"Fan-out, {count} items x 1 image (fmnist_standard, suite clean), 1 worker host, maxConcurrentActivityFunctions 1, 1 intra-op thread, window {options.Window}:"),
                Invariant($"  marker -> orchestration created {run.RecordSeconds:F2} s; first item result {firstAfterMarker:F2} s after the marker ({firstAfterCreate:F2} s after the orchestration was created)"),
                Invariant($"  last item result {lastAfterMarker:F2} s after the marker; results.csv {run.WallSeconds:F2} s after the marker (summary {summarize:F2} s)"),
                Invariant($"  executor total {executor:F2} s; total orchestration overhead = wall - executor = {totalOverhead:F1} s = {totalOverhead / count * 1000:F1} ms per item"),
                Invariant($"  steady state (first to last result, less executor) {steady:F1} s = {steady / (count - 1) * 1000:F1} ms per item; per-item overhead median {chain.Median:F1} ms, p90 {chain.P90:F1} ms, max {chain.Max:F1} ms"),
                Invariant($"  items computed more than once: {scenario.Duplicates()}"),
                Invariant($"  load average (1 min) {run.Load}"),
            };
            if (count < FullFanout)
            {
                var scale = (double)FullFanout / count;
                var projectedLast = firstAfterMarker + (steady / (count - 1) * (FullFanout - 1)) + (executor / count * (FullFanout - 1));
                var projectedWall = projectedLast + (summarize * scale);
                lines.Add(Invariant($"  EXTRAPOLATED (linear, not measured) to {FullFanout} items: first result ~{firstAfterMarker:F1} s (planning grows with the item count; not scaled), ")
                    + Invariant($"results.csv ~{projectedWall:F0} s after the marker, total overhead ~{(projectedWall - (executor * scale)):F0} s = ~{(projectedWall - (executor * scale)) / FullFanout * 1000:F1} ms per item"));
            }

            return lines;
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    /// <summary>Items in completion order, and the per-item overhead of items 2..N (one host, one activity at a time).</summary>
    private sealed class Chain
    {
        private readonly List<double> _overheads = [];
        private List<ItemDone> _ordered = [];

        public ItemDone First => _ordered[0];

        public ItemDone Last => _ordered[^1];

        public double Median => Percentile(_overheads, 0.5);

        public double P90 => Percentile(_overheads, 0.9);

        public double Max => _overheads.Max();

        public double Mean => _overheads.Average();

        public double MedianExecutorMs => Percentile([.. _ordered.Select(i => i.ExecutorSeconds * 1000)], 0.5);

        public double MedianActivityMs => Percentile([.. _ordered.Select(i => i.ActivitySeconds * 1000)], 0.5);

        private List<double> LastModifiedOverheads { get; } = [];

        private bool LastModifiedHasMilliseconds { get; set; }

        public static Chain Of(IReadOnlyList<ItemDone> items)
        {
            if (items.Count < 2)
            {
                throw new InvalidOperationException($"{items.Count} item(s): nothing to measure");
            }

            var chain = new Chain { _ordered = [.. items.OrderBy(i => i.Done)] };
            var byModified = items.OrderBy(i => i.LastModified).ThenBy(i => i.Done).ToList();
            chain.LastModifiedHasMilliseconds = items.Any(i => i.LastModified.Millisecond != 0);
            for (var k = 1; k < chain._ordered.Count; k++)
            {
                var (prev, item) = (chain._ordered[k - 1], chain._ordered[k]);
                chain._overheads.Add(((item.Done - prev.Done).TotalSeconds - item.ExecutorSeconds) * 1000);
                var (mPrev, mItem) = (byModified[k - 1], byModified[k]);
                chain.LastModifiedOverheads.Add(((mItem.LastModified - mPrev.LastModified).TotalSeconds - mItem.ExecutorSeconds) * 1000);
            }

            return chain;
        }

        /// <summary>The same overhead from the result blobs' Last-Modified, or why it cannot be used.</summary>
        public string LastModifiedLine()
        {
            var span = (_ordered[^1].LastModified - _ordered[0].LastModified).TotalSeconds;
            var executor = _ordered.Skip(1).Sum(i => i.ExecutorSeconds);
            var mean = ((span - executor) / (_ordered.Count - 1)) * 1000;
            return LastModifiedHasMilliseconds
                ? Invariant($"  check, from the result blobs' Last-Modified (ms): median {Percentile(LastModifiedOverheads, 0.5):F1} ms, p90 {Percentile(LastModifiedOverheads, 0.9):F1} ms, mean {mean:F1} ms")
                : Invariant($"  check, from the result blobs' Last-Modified (Azurite lists whole seconds, so only the mean is usable): mean {mean:F1} ms per item over {span:F0} s");
        }
    }

    private sealed record ItemDone(string ItemId, DateTimeOffset Done, double ActivitySeconds, double ExecutorSeconds, DateTimeOffset LastModified);

    private sealed record RunOutcome(
        string RunId, DateTimeOffset MarkerTime, DateTimeOffset CreatedTime, double WallSeconds, double RecordSeconds, double FirstDoneSeconds, byte[] ResultsCsv, string Load)
    {
        public string Describe(Chain chain) => Invariant(
            $"  run wall time: marker upload -> results.csv {WallSeconds:F2} s (marker -> orchestration created {RecordSeconds:F2} s, first item done at {(chain.First.Done - MarkerTime).TotalSeconds:F2} s, ")
            + Invariant($"last item done at {(chain.Last.Done - MarkerTime).TotalSeconds:F2} s); load average (1 min) {Load}");
    }

    /// <summary>Uploads the dataset (marker last), then waits for the run's orchestration and its results.csv.</summary>
    private static async Task<RunOutcome> UploadAndWaitAsync(
        Options options, Scenario scenario, string data, string name, string model, string suite, int itemSize)
    {
        var upload = Stopwatch.StartNew();
        await RunCliAsync(options.Cli, ["upload", data, "--name", name, "--model", model, "--suite", suite,
            "--item-size", itemSize.ToString(CultureInfo.InvariantCulture), "--storage", scenario.Azurite.ConnectionString, "--no-progress"]);
        var markerTime = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await using var load = LoadSampler.Start();
        Console.WriteLine(Invariant($"  uploaded in {upload.Elapsed.TotalSeconds:F1} s; waiting for the run"));
        var marker = CloudNames.MarkerBlob(name);
        var runId = RunIds.ForMarker(marker, name);
        var deadline = TimeSpan.FromMinutes(options.TimeoutMinutes);
        RunState? run = null;
        double recordSeconds = 0;
        while (run is null)
        {
            run = await scenario.Runs.GetAsync(runId);
            recordSeconds = watch.Elapsed.TotalSeconds;
            await Pause(watch, deadline, $"no run {runId} for {marker}", scenario);
        }

        var csvName = CloudNames.ReportBlob(runId, "results.csv");
        byte[]? csv;
        var lastPrint = 0.0;
        while (true)
        {
            csv = await scenario.Blobs.ReadAsync(csvName);
            if (csv is not null)
            {
                break;
            }

            if (watch.Elapsed.TotalSeconds - lastPrint >= 10)
            {
                lastPrint = watch.Elapsed.TotalSeconds;
                var state = await scenario.Runs.GetAsync(runId);
                Console.WriteLine(Invariant($"  {lastPrint:F0} s: run {runId} {state?.Status} {state?.Done}/{state?.Total} done, {state?.Failed} failed; load {LoadAverage()}"));
                if (state?.Status is RunStatus.Failed or RunStatus.Canceled)
                {
                    throw new InvalidOperationException($"run {runId} ended {state.Status}: {state.Error}");
                }
            }

            await Pause(watch, deadline, "no " + csvName, scenario);
        }

        var wall = watch.Elapsed.TotalSeconds;
        var loadLine = load.Summary();
        var final = await scenario.Runs.GetAsync(runId) ?? throw new InvalidOperationException($"run {runId} vanished");
        if (final.Failed > 0)
        {
            throw new InvalidOperationException($"run {runId}: {final.Failed} item(s) failed");
        }

        var firstDone = scenario.Hosts.SelectMany(h => h.ItemLines()).Select(l => (l.Time - markerTime).TotalSeconds).DefaultIfEmpty(double.NaN).Min();
        Console.WriteLine(Invariant($"  run {runId}: results.csv after {wall:F2} s ({final.Status}, {final.Done}/{final.Total} done)"));
        return new RunOutcome(runId, markerTime, run.CreatedTime, wall, recordSeconds, firstDone, csv, loadLine);
    }

    private static async Task Pause(Stopwatch watch, TimeSpan deadline, string what, Scenario scenario)
    {
        if (watch.Elapsed > deadline)
        {
            throw new TimeoutException($"{what} after {deadline.TotalMinutes:F0} min:\n{scenario.HostLogTail()}");
        }

        if (scenario.Hosts.FirstOrDefault(h => h.HasExited) is { } dead)
        {
            throw new InvalidOperationException($"a host exited: {dead.Tail()}");
        }

        await Task.Delay(100);
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

    /// <summary>
    /// A copy of an IDX dataset folder whose images and labels files hold <paramref name="count"/> images:
    /// the source's images repeated in order (cheap, realistic items for a large fan-out).
    /// </summary>
    private static string TiledIdx(string source, string target, int count)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var name = Path.GetFileName(file);
            if (!name.Contains("-idx", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, name));
                continue;
            }

            byte[] raw;
            using (var input = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
            using (var buffer = new MemoryStream())
            {
                input.CopyTo(buffer);
                raw = buffer.ToArray();
            }

            var dims = raw[3];
            var header = 4 + (4 * dims);
            var have = BinaryPrimitivesReadBigEndian(raw, 4);
            var record = (raw.Length - header) / have;
            using var output = new GZipStream(File.Create(Path.Combine(target, name)), CompressionLevel.Fastest);
            var head = raw[..header];
            head[4] = (byte)(count >> 24);
            head[5] = (byte)(count >> 16);
            head[6] = (byte)(count >> 8);
            head[7] = (byte)count;
            output.Write(head);
            for (var i = 0; i < count; i++)
            {
                output.Write(raw, header + (i % have * record), record);
            }
        }

        return target;
    }

    private static int BinaryPrimitivesReadBigEndian(byte[] bytes, int offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));

    private static string TempFolder(string what)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cloudfreq-bench-{what}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The load average (Linux), to judge whether something else shared the cores.</summary>
    private static string LoadAverage(bool all = false)
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return all ? string.Join(' ', parts.Take(3)) : parts[0];
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
        public static readonly string[] AllModes = ["overhead", "speedup", "fanout"];

        public string Cli { get; private set; } = BenchPaths.Repo("src", "Cli", "bin", "Release", "net10.0", "cloudfreq.dll");

        public IReadOnlyList<string> Modes { get; private set; } = AllModes;

        /// <summary>Work items in flight per group: large enough that the work-item queue never runs dry.</summary>
        public int Window { get; private set; } = 32;

        public int OverheadItems { get; private set; } = 200;

        public string SpeedupData { get; private set; } = BenchPaths.Repo("samples", "fashion-mnist");

        public string SpeedupModel { get; private set; } = BenchPaths.Repo("samples", "models", "fmnist_standard.onnx");

        public string SpeedupSuite { get; private set; } = "paper";

        public int SpeedupItemSize { get; private set; } = 50;

        public int FanoutItems { get; private set; } = FullFanout;

        public double TimeoutMinutes { get; private set; } = 60;

        /// <summary>The hosts' work-item visibility (the end-to-end tests' 10 s by default; the host renews it while an item runs).</summary>
        public string WorkItemVisibility { get; private set; } = "00:00:10";

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Count(int min) => int.Parse(Next(), CultureInfo.InvariantCulture) is var n && n >= min ? n : throw new ArgumentException($"{args[i - 1]} must be at least {min}");
                switch (args[i])
                {
                    case "--cli": o.Cli = Path.GetFullPath(Next()); break;
                    case "--mode":
                        var modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        o.Modes = modes.Contains("all") ? AllModes : modes;
                        if (o.Modes.FirstOrDefault(m => !AllModes.Contains(m)) is { } bad)
                        {
                            throw new ArgumentException($"unknown mode {bad}; modes: {string.Join(", ", AllModes)}, all");
                        }

                        break;
                    case "--window": o.Window = Count(1); break;
                    case "--overhead-items": o.OverheadItems = Count(2); break;
                    case "--speedup-data": o.SpeedupData = Path.GetFullPath(Next()); break;
                    case "--speedup-model": o.SpeedupModel = Path.GetFullPath(Next()); break;
                    case "--speedup-suite": o.SpeedupSuite = Next(); break;
                    case "--speedup-item-size": o.SpeedupItemSize = Count(1); break;
                    case "--fanout-items": o.FanoutItems = Count(2); break;
                    case "--visibility": o.WorkItemVisibility = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture).ToString("c", CultureInfo.InvariantCulture); break;
                    case "--timeout-minutes": o.TimeoutMinutes = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}; usage: {Usage}");
                }
            }

            return o;
        }
    }

    /// <summary>
    /// One measurement's world: a fresh Azurite, a task hub of its own, its worker hosts, and the runs
    /// read through <see cref="DurableCloudRuns"/> over <see cref="TaskHubOrchestrationClient"/>.
    /// </summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly string _root;

        private Scenario(Azurite azurite, string root, string hubName)
        {
            (Azurite, _root, HubName) = (azurite, root, hubName);
            var clients = AzureStorageClients.FromConnectionString(azurite.ConnectionString);
            BlobService = clients.Blobs;
            Blobs = new AzureBlobStore(clients.Blobs);
            var durable = new DurableHostOptions { HubName = hubName };
            var service = new AzureStorageOrchestrationService(durable.ToSettings(
                ServeComposition.CreateClientProvider(StorageConnection.FromConnectionString(azurite.ConnectionString)), NullLoggerFactory.Instance));
            Runs = new DurableCloudRuns(
                new TaskHubOrchestrationClient(service, NullLoggerFactory.Instance),
                new RunBlobs(Blobs),
                new RunInputStager(Blobs, Path.Combine(root, "client-cache")),
                new WorkflowSettings(),
                TimeProvider.System,
                NullLogger<DurableCloudRuns>.Instance);
        }

        public Azurite Azurite { get; }

        public string HubName { get; }

        public IBlobStore Blobs { get; }

        public BlobServiceClient BlobService { get; }

        public DurableCloudRuns Runs { get; }

        public List<Host> Hosts { get; } = [];

        /// <summary>CPU time (user + system) the hosts have used so far.</summary>
        public double CpuSeconds => Hosts.Sum(h => h.CpuSeconds);

        public static async Task<Scenario> StartAsync(Options options, int hosts)
        {
            var azurite = await Azurite.StartAsync();
            var scenario = new Scenario(azurite, TempFolder("hosts"), "bench" + Guid.NewGuid().ToString("N")[..12]);
            try
            {
                for (var i = 0; i < hosts; i++)
                {
                    scenario.Hosts.Add(await Host.StartAsync(options, scenario, i));
                }
            }
            catch
            {
                await scenario.DisposeAsync();
                throw;
            }

            return scenario;
        }

        public string CacheFolder(int index) => Path.Combine(_root, $"cache-{index}");

        /// <summary>Every item result of the run, with its completion time from the host logs.</summary>
        public async Task<List<ItemDone>> ItemsAsync(string runId)
        {
            var logged = new Dictionary<string, (DateTimeOffset Time, double Seconds)>(StringComparer.Ordinal);
            foreach (var line in Hosts.SelectMany(h => h.ItemLines()))
            {
                // A twin (an item computed twice) keeps its first completion.
                if (!logged.TryGetValue(line.ItemId, out var seen) || line.Time < seen.Time)
                {
                    logged[line.ItemId] = (line.Time, line.Seconds);
                }
            }

            var container = BlobService.GetBlobContainerClient(CloudNames.ResultsContainer);
            var blobs = new List<BlobItem>();
            await foreach (var blob in container.GetBlobsAsync(traits: BlobTraits.None, states: BlobStates.None, prefix: $"{runId}/items/", cancellationToken: default))
            {
                blobs.Add(blob);
            }

            var items = new ConcurrentBag<ItemDone>();
            await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (blob, ct) =>
            {
                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(ct);
                var result = JsonSerializer.Deserialize<ItemResult>(content.Value.Content.ToMemory().Span, RunJson.Options)
                    ?? throw new InvalidOperationException($"{blob.Name}: empty");
                if (!logged.TryGetValue(result.ItemId, out var log))
                {
                    throw new InvalidOperationException($"item {result.ItemId} has a result but no \"Item ...: N images in S s\" log line");
                }

                items.Add(new ItemDone(result.ItemId, log.Time, log.Seconds, result.Timings.TotalSeconds, blob.Properties.LastModified ?? DateTimeOffset.MinValue));
            });
            return [.. items];
        }

        /// <summary>Items whose "images in" line appears more than once (computed twice), and twins that lost the result race.</summary>
        public string Duplicates()
        {
            var lines = Hosts.SelectMany(h => h.ItemLines()).ToList();
            var twice = lines.GroupBy(l => l.ItemId).Count(g => g.Count() > 1);
            var reused = Hosts.Sum(h => h.Count("result already stored"));
            return Invariant($"{twice} (\"result already stored\" lines: {reused})");
        }

        public string HostLogTail() => string.Join("\n---- host ----\n", Hosts.Select(h => h.Tail()));

        public async ValueTask DisposeAsync()
        {
            foreach (var host in Hosts)
            {
                await host.DisposeAsync();
            }

            await Azurite.DisposeAsync();
            DeleteFolder(_root);
        }
    }

    /// <summary>Samples the 1-minute load average every 5 s while a run is measured.</summary>
    private sealed class LoadSampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<double> _samples = [];
        private readonly Task _loop;
        private readonly string _before = LoadAverage();

        private LoadSampler() => _loop = LoopAsync();

        public static LoadSampler Start() => new();

        public string Summary()
        {
            lock (_samples)
            {
                return _samples.Count == 0
                    ? Invariant($"before {_before}, now {LoadAverage()}")
                    : Invariant($"before {_before}, during mean {_samples.Average():F1} max {_samples.Max():F1}, after {LoadAverage()}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(5000, _stop.Token);
                if (double.TryParse(LoadAverage(), NumberStyles.Float, CultureInfo.InvariantCulture, out var load))
                {
                    lock (_samples)
                    {
                        _samples.Add(load);
                    }
                }
            }
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
            DeleteFolder(_location);
        }
    }

    /// <summary>
    /// A <c>cloudfreq serve --role worker</c> process on the scenario's task hub: short partition leases and
    /// work-item visibility (as the end-to-end tests), one activity at a time, 1 intra-op thread, its own
    /// input cache, JSON logs (UTC ms timestamps) kept in memory.
    /// </summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines;

        private Host(Process process, ConcurrentQueue<string> lines) => (_process, _lines) = (process, lines);

        public bool HasExited => _process.HasExited;

        /// <summary>CPU time (user + system) the host process has used so far.</summary>
        public double CpuSeconds
        {
            get
            {
                _process.Refresh();
                return _process.HasExited ? 0 : _process.TotalProcessorTime.TotalSeconds;
            }
        }

        public static async Task<Host> StartAsync(Options options, Scenario scenario, int index)
        {
            var port = FreePorts(1)[0];
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])[options.Cli, "serve", "--role", "worker", "--storage", scenario.Azurite.ConnectionString, "--urls", $"http://127.0.0.1:{port}", "--host-json", BenchPaths.Repo("host.json")])
            {
                start.ArgumentList.Add(a);
            }

            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["CLOUDFREQ_LOG_FORMAT"] = "json",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__CloudFreq"] = "Information",
                ["extensions__durableTask__hubName"] = scenario.HubName,
                ["extensions__durableTask__maxConcurrentActivityFunctions"] = "1",
                ["extensions__durableTask__storageProvider__leaseInterval"] = "00:00:06",
                ["extensions__durableTask__storageProvider__leaseRenewInterval"] = "00:00:02",
                ["extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = options.WorkItemVisibility,
                ["extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
                ["extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.500",
                ["cloudfreq__workflow__markerPollInterval"] = "00:00:00.500",
                ["cloudfreq__workflow__window"] = options.Window.ToString(CultureInfo.InvariantCulture),
                ["cloudfreq__workflow__cacheDirectory"] = scenario.CacheFolder(index),
                ["cloudfreq__intraOpThreads"] = "1",
            })
            {
                start.Environment[key] = value;
            }

            var lines = new ConcurrentQueue<string>();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var host = new Host(process, lines);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!lines.Any(l => l.Contains("ready (worker)", StringComparison.Ordinal)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    var tail = host.Tail();
                    await host.DisposeAsync();
                    throw new InvalidOperationException($"host {index} did not start: {tail}");
                }

                await Task.Delay(50);
            }

            return host;
        }

        /// <summary>The "Item ID: N images in S s" lines: item id, log timestamp (UTC, ms) and the activity's own seconds.</summary>
        public IEnumerable<(string ItemId, DateTimeOffset Time, double Seconds)> ItemLines()
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
                    var seconds = state.TryGetProperty("Seconds", out var s)
                        ? s.ValueKind == JsonValueKind.Number ? s.GetDouble() : double.Parse(s.GetString()!, CultureInfo.InvariantCulture)
                        : double.NaN;
                    yield return (id.GetString()!, time, seconds);
                }
            }
        }

        public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

        public string Tail() => string.Join('\n', _lines.TakeLast(30));

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
