using CloudFreq.Core;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// Runs a command body and turns failures into exit codes and one clear message: 1 for a user
/// error (bad input, unusable model), 2 for an unexpected failure, 130 when cancelled.
/// </summary>
internal static class CommandRunner
{
    public const int UserError = 1;
    public const int InternalError = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CloudFreqException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled: results of finished work items are kept; run the same command again to resume.").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return UserError;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"internal error ({ex.GetType().Name}): {ex.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("CLOUDFREQ_DEBUG") == "1")
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }
            else
            {
                await error.WriteLineAsync("set CLOUDFREQ_DEBUG=1 to print the stack trace.").ConfigureAwait(false);
            }

            return InternalError;
        }
    }
}
