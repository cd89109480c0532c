using System.CommandLine;
using CloudFreq.Cli.Commands;

namespace CloudFreq.Cli;

/// <summary>The <c>cloudfreq</c> command tree.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "CloudFreq measures how image classifiers depend on spatial frequency and how that relates to robustness.")
        {
            EvaluateCommand.Create(output, error),
            CorruptCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
    }
}
