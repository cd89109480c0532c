using CloudFreq.Cli;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace CloudFreq.Cli.Tests.Serve.Commands;

internal sealed record CliResult(int ExitCode, string Output, string Error);

internal static class CliHarness
{
    public static async Task<CliResult> RunAsync(
        string[] args,
        Func<Uri, HttpClient>? clients = null,
        Func<string, IBlobStore>? blobStores = null,
        Action<CloudHostContext, IServiceCollection>? compose = null)
    {
        var services = CliServices.Default with
        {
            HttpClients = clients ?? CliServices.Default.HttpClients,
            OpenBlobStore = blobStores ?? CliServices.Default.OpenBlobStore,
            Compose = compose ?? CliServices.Default.Compose,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, services);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
