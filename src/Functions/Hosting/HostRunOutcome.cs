namespace CloudFreq.Functions.Hosting;

/// <summary>
/// What a host that stops on its own (the one-shot <c>sweep</c> role) reports back to the command
/// that ran it: <c>cloudfreq serve</c> exits with 1 when <see cref="Failed"/>, so a scheduled job's
/// execution shows the failure.
/// </summary>
public sealed class HostRunOutcome
{
    private volatile bool _failed;

    public bool Failed => _failed;

    public void MarkFailed() => _failed = true;
}
