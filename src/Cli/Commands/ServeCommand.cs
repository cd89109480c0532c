using System.CommandLine;
using CloudFreq.Cli.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// <c>cloudfreq serve</c>: the HTTP API and a self-hosted Durable Task worker running the workflow, until
/// Ctrl+C. The storage connection comes from <c>--storage</c> or <c>CLOUDFREQ_STORAGE</c>; the API key from
/// <c>CLOUDFREQ_API_KEY</c>; task hub settings from host.json's <c>extensions.durableTask</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error, Action<CloudHostContext, IServiceCollection> compose)
    {
        var options = new ServeOptions();
        var command = new Command("serve", "Run the HTTP API and a Durable Task worker for the cloud workflow (Ctrl+C stops them gracefully).");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var settings = options.ToSettings(parse);
            await output.WriteLineAsync($"cloudfreq serve: role {settings.Role.Name()}, marker poller {(settings.MarkerPoller ? "on" : "off")}").ConfigureAwait(false);
            await using var app = CloudHost.Build(settings, compose);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}

/// <summary>The options of <c>cloudfreq serve</c>.</summary>
internal sealed class ServeOptions
{
    public Option<string?> Storage { get; } = new("--storage") { Description = "Storage connection string (default: CLOUDFREQ_STORAGE; UseDevelopmentStorage=true for Azurite)." };

    public Option<string?> Urls { get; } = new("--urls") { Description = "Addresses to listen on, e.g. http://localhost:7071 (';' between several)." };

    public Option<string> Role { get; } = new("--role") { Description = "api (HTTP API only), worker (task hub worker only) or all.", DefaultValueFactory = _ => "all" };

    public Option<bool> NoPoller { get; } = new("--no-poller") { Description = "Do not poll datasets/*/run.json markers (where Event Grid delivers uploads instead)." };

    public Option<string?> HostJson { get; } = new("--host-json") { Description = "host.json to read (default: beside the program, else in the working directory)." };

    public Option<string?> Environment { get; } = new("--environment") { Description = "Host environment (Development, Production); default from ASPNETCORE_ENVIRONMENT." };

    public IEnumerable<Option> All => [Storage, Urls, Role, NoPoller, HostJson, Environment];

    public CloudHostSettings ToSettings(ParseResult parse)
    {
        var args = new List<string>();
        if (parse.GetValue(Urls) is { Length: > 0 } urls)
        {
            args.Add("--urls");
            args.Add(urls);
        }

        return new CloudHostSettings
        {
            Args = args,
            Role = CloudHostRoles.Parse(parse.GetValue(Role)),
            MarkerPoller = !parse.GetValue(NoPoller),
            Storage = parse.GetValue(Storage),
            HostJsonPath = parse.GetValue(HostJson),
            EnvironmentName = parse.GetValue(Environment),
        };
    }
}
