using System.CommandLine;
using CloudFreq.Cli.Commands;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace CloudFreq.Cli;

/// <summary>The <c>cloudfreq</c> command tree.</summary>
public static class CliApplication
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, CliServices.Default);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliServices services)
    {
        var root = new RootCommand(
            "CloudFreq measures how image classifiers depend on spatial frequency and how that relates to robustness.")
        {
            EvaluateCommand.Create(output, error),
            CorruptCommand.Create(output, error),
            ServeCommand.Create(output, error, services.Compose),
            UploadCommand.Create(output, error, services.OpenBlobStore),
            RunsCommand.Create(output, error, services.HttpClients),
            ReportCommand.Create(output, error),
            ShardCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = root.Parse(args);
        var code = await parse.InvokeAsync(configuration).ConfigureAwait(false);

        // `runs` promises exit code 2 for usage errors (System.CommandLine uses 1).
        return parse.Errors.Count > 0 && RunsCommand.Owns(parse.CommandResult.Command) ? RunsCommand.UsageOrHttpError : code;
    }
}

/// <summary>
/// What the cloud commands need from outside: the host's composition (storage adapters and
/// workflow), the blob store of <c>upload</c>, the HTTP client of <c>runs</c>. Tests replace them.
/// </summary>
internal sealed record CliServices(
    Action<CloudHostContext, IServiceCollection> Compose,
    Func<string, IBlobStore> OpenBlobStore,
    Func<Uri, HttpClient> HttpClients)
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) });

    public static CliServices Default { get; } = new(ServeComposition.Register, BlobStores.Open, _ => SharedClient.Value);
}
