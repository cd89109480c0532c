using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudFreq.Core;
using Spectre.Console;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq runs start|status|wait|cancel|list --url URL</c>: the HTTP API's client, with the
/// key from <c>CLOUDFREQ_API_KEY</c>. Exit codes: 0 completed (or the request succeeded), 1 failed,
/// canceled or timed out, 2 usage or HTTP errors (with the problem details' text).
/// </summary>
internal static class RunsCommand
{
    public const int Ok = 0;
    public const int RunNotSucceeded = 1;
    public const int UsageOrHttpError = 2;

    public const string Name = "runs";

    public static Command Create(TextWriter output, TextWriter error, Func<Uri, HttpClient> clients)
    {
        var url = new Option<string?>("--url") { Description = "The API's base URL, e.g. http://localhost:7071 (default: CLOUDFREQ_URL).", Recursive = true };
        var command = new Command(Name, "Start, watch, cancel and list cloud runs through the HTTP API.");
        command.Options.Add(url);

        var specFile = new Argument<string>("SPEC") { Description = "Run spec JSON file (datasets and models named by blob)." };
        var start = new Command("start", "Submit a run spec; prints the run id.") { specFile };
        start.SetAction((parse, ct) => RunAsync(parse, url, clients, output, error, async client =>
        {
            var path = parse.GetValue(specFile)!;
            if (!File.Exists(path))
            {
                throw new CloudFreqException($"SPEC: {path} does not exist.");
            }

            var started = await client.StartAsync(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            await output.WriteLineAsync(started.GetProperty("id").GetString()).ConfigureAwait(false);
            await output.WriteLineAsync("status: " + started.GetProperty("statusQueryGetUri").GetString()).ConfigureAwait(false);
            return Ok;
        }));

        var statusId = new Argument<string>("ID") { Description = "Run id." };
        var status = new Command("status", "Show a run's status.") { statusId };
        status.SetAction((parse, ct) => RunAsync(parse, url, clients, output, error, async client =>
        {
            var run = await client.StatusAsync(parse.GetValue(statusId)!, ct).ConfigureAwait(false);
            RenderTable(output, [run.Body]);
            return run.Body.GetProperty("runtimeStatus").GetString() is "Failed" or "Canceled" ? RunNotSucceeded : Ok;
        }));

        var waitId = new Argument<string>("ID") { Description = "Run id." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up after this long (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromHours(1) };
        var interval = new Option<TimeSpan>("--interval") { Description = "Polling interval (the server's Retry-After, when shorter, wins).", DefaultValueFactory = _ => TimeSpan.FromSeconds(5) };
        var wait = new Command("wait", "Wait until a run ends; exit 0 when it completed.") { waitId };
        wait.Options.Add(timeout);
        wait.Options.Add(interval);
        wait.SetAction((parse, ct) => RunAsync(parse, url, clients, output, error, async client =>
        {
            var id = parse.GetValue(waitId)!;
            var deadline = DateTimeOffset.UtcNow + parse.GetValue(timeout);
            var last = string.Empty;
            while (true)
            {
                var run = await client.StatusAsync(id, ct).ConfigureAwait(false);
                var runtimeStatus = run.Body.GetProperty("runtimeStatus").GetString() ?? "?";
                var progress = Progress(run.Body);
                if (runtimeStatus + progress != last)
                {
                    last = runtimeStatus + progress;
                    await output.WriteLineAsync($"{id}: {runtimeStatus} {progress}").ConfigureAwait(false);
                }

                if (!run.InProgress)
                {
                    RenderTable(output, [run.Body]);
                    return runtimeStatus == "Completed" ? Ok : RunNotSucceeded;
                }

                var delay = parse.GetValue(interval);
                if (run.RetryAfter is { } retry && retry < delay)
                {
                    delay = retry;
                }

                if (DateTimeOffset.UtcNow + delay > deadline)
                {
                    await error.WriteLineAsync($"timed out: run {id} is still {runtimeStatus} after {parse.GetValue(timeout)}.").ConfigureAwait(false);
                    return RunNotSucceeded;
                }

                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }));

        var cancelId = new Argument<string>("ID") { Description = "Run id." };
        var cancel = new Command("cancel", "Cancel a pending or running run.") { cancelId };
        cancel.SetAction((parse, ct) => RunAsync(parse, url, clients, output, error, async client =>
        {
            var id = parse.GetValue(cancelId)!;
            await client.CancelAsync(id, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"cancel requested: {id}").ConfigureAwait(false);
            return Ok;
        }));

        var pageSize = new Option<int>("--page-size") { Description = "Runs per page.", DefaultValueFactory = _ => 20 };
        var continuation = new Option<string?>("--continuation") { Description = "The continuation token a previous list printed." };
        var list = new Command("list", "List runs, newest first.");
        list.Options.Add(pageSize);
        list.Options.Add(continuation);
        list.SetAction((parse, ct) => RunAsync(parse, url, clients, output, error, async client =>
        {
            var (runs, next) = await client.ListAsync(parse.GetValue(pageSize), parse.GetValue(continuation), ct).ConfigureAwait(false);
            RenderTable(output, runs);
            if (next is not null)
            {
                await output.WriteLineAsync($"more: --continuation {next}").ConfigureAwait(false);
            }

            return Ok;
        }));

        foreach (var sub in new[] { start, status, wait, cancel, list })
        {
            command.Subcommands.Add(sub);
        }

        return command;
    }

    /// <summary>True when <paramref name="command"/> is <c>runs</c> or one of its subcommands (usage errors exit 2 there).</summary>
    public static bool Owns(Command command) => command.Name == Name || command.Parents.OfType<Command>().Any(p => p.Name == Name);

    private static async Task<int> RunAsync(ParseResult parse, Option<string?> url, Func<Uri, HttpClient> clients, TextWriter output, TextWriter error, Func<RunsApiClient, Task<int>> body)
    {
        try
        {
            var baseUrl = parse.GetValue(url) ?? Environment.GetEnvironmentVariable("CLOUDFREQ_URL");
            if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync("error: --url: give the API's base URL, e.g. http://localhost:7071 (or set CLOUDFREQ_URL).").ConfigureAwait(false);
                return UsageOrHttpError;
            }

            var client = new RunsApiClient(clients(uri), uri, Environment.GetEnvironmentVariable("CLOUDFREQ_API_KEY"));
            return await body(client).ConfigureAwait(false);
        }
        catch (RunsApiException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (CloudFreqException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync("error: the API could not be reached: " + ex.Message).ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            await error.WriteLineAsync("error: the API did not answer in time.").ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (JsonException ex)
        {
            await error.WriteLineAsync("error: the API answered with unexpected JSON: " + ex.Message).ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (KeyNotFoundException)
        {
            await error.WriteLineAsync("error: the API answered without the expected fields.").ConfigureAwait(false);
            return UsageOrHttpError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled.").ConfigureAwait(false);
            return CommandRunner.Cancelled;
        }
    }

    private static string Progress(JsonElement run) =>
        run.TryGetProperty("customStatus", out var custom)
            ? string.Create(CultureInfo.InvariantCulture, $"{Int(custom, "itemsDone")}/{Int(custom, "itemsTotal")} items, {Int(custom, "itemsFailed")} failed")
            : string.Empty;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : 0;

    private static void RenderTable(TextWriter output, IReadOnlyList<JsonElement> runs)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        var table = new Table().AddColumns("id", "status", "items", "created", "updated", "output");
        foreach (var run in runs)
        {
            table.AddRow(
                Markup.Escape(Text(run, "instanceId")),
                Markup.Escape(Text(run, "runtimeStatus")),
                Markup.Escape(Progress(run)),
                Markup.Escape(Text(run, "createdTime")),
                Markup.Escape(Text(run, "lastUpdatedTime")),
                Markup.Escape(Output(run)));
        }

        console.Write(table);
    }

    private static string Output(JsonElement run)
    {
        if (!run.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (output.TryGetProperty("reports", out var reports) && reports.TryGetProperty("html", out var html))
        {
            return html.GetString() ?? string.Empty;
        }

        return output.TryGetProperty("error", out var error) ? error.GetString() ?? string.Empty : string.Empty;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.ToString() : string.Empty;
}
