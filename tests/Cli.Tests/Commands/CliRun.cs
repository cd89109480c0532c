using CloudFreq.Cli;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary>Runs the <c>cloudfreq</c> command tree in process and captures its output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
