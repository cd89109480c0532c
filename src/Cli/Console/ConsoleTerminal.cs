namespace CloudFreq.Cli.Console;

/// <summary>Whether a writer is an interactive terminal (live displays, tables with box drawing) or redirected output, CI or a test.</summary>
internal static class ConsoleTerminal
{
    public static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, System.Console.Out)
        && !System.Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb")
        && Environment.GetEnvironmentVariable("CI") is null;
}
