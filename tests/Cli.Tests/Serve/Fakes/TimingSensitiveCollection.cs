namespace CloudFreq.Cli.Tests.Serve.Fakes;

/// <summary>
/// Tests whose timers must fire on time (lease heartbeats, shutdown deadlines). xUnit runs this
/// collection alone, after the parallel ones: other tests' blocking work starves the thread pool
/// of a 2-core machine, and a heartbeat continuation late by most of a lease was what failed CI.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive";
}
