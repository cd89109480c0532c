using System.Runtime.CompilerServices;
using CloudFreq.Functions.Durable;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Functions.Tests.Durable;

/// <summary>The [DurableClient] adapter: a second start with the same id starts nothing, also when it loses a race.</summary>
public sealed class DurableTaskClientPortTests
{
    [Fact]
    public async Task SecondStartWithTheSameId_StartsNothing()
    {
        var backend = new RecordingBackend();
        var port = new DurableTaskClientPort(new PortDurableTaskClient(backend));
        Assert.True(await port.ScheduleNewOrchestrationInstanceAsync("RunOrchestrator", "run-1", new { }));
        Assert.False(await port.ScheduleNewOrchestrationInstanceAsync("RunOrchestrator", "run-1", new { }));
        Assert.Equal(["run-1"], backend.Scheduled);
    }

    [Fact]
    public async Task StartThatLosesTheRace_ReportsNothingStarted()
    {
        // The first read misses the instance another starter is creating; the backend then refuses the duplicate.
        var backend = new RecordingBackend { HideFromFirstRead = true };
        backend.Instances["run-2"] = Snapshot("run-2", InstanceStatus.Running);
        var port = new DurableTaskClientPort(new PortDurableTaskClient(backend));
        Assert.False(await port.ScheduleNewOrchestrationInstanceAsync("RunOrchestrator", "run-2", new { }));
        Assert.Empty(backend.Scheduled);
    }

    [Theory]
    [InlineData(InstanceStatus.Pending)]
    [InlineData(InstanceStatus.Running)]
    [InlineData(InstanceStatus.Completed)]
    [InlineData(InstanceStatus.Failed)]
    [InlineData(InstanceStatus.Terminated)]
    public async Task Status_AndFailure_RoundTrip(InstanceStatus status)
    {
        var backend = new RecordingBackend();
        backend.Instances["run-3"] = Snapshot("run-3", status) with { FailureMessage = status == InstanceStatus.Failed ? "boom" : null };
        var snapshot = (await new DurableTaskClientPort(new PortDurableTaskClient(backend)).GetInstanceAsync("run-3", true))!;
        Assert.Equal(status, snapshot.RuntimeStatus);
        Assert.Equal(status == InstanceStatus.Failed ? "boom" : null, snapshot.FailureMessage);
        Assert.Equal("{\"done\":1}", snapshot.SerializedCustomStatus);
    }

    private static InstanceSnapshot Snapshot(string id, InstanceStatus status) =>
        new(id, "RunOrchestrator", status, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "{}", null, "{\"done\":1}");

    private sealed class RecordingBackend : IOrchestrationClient
    {
        private int _reads;

        public bool HideFromFirstRead { get; init; }

        public Dictionary<string, InstanceSnapshot> Instances { get; } = new(StringComparer.Ordinal);

        public List<string> Scheduled { get; } = [];

        public Task<bool> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
        {
            if (Instances.ContainsKey(instanceId))
            {
                return Task.FromResult(false);
            }

            Scheduled.Add(instanceId);
            Instances[instanceId] = Snapshot(instanceId, InstanceStatus.Pending);
            return Task.FromResult(true);
        }

        public Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken = default) =>
            Task.FromResult(HideFromFirstRead && Interlocked.Increment(ref _reads) == 1 ? null : Instances.GetValueOrDefault(instanceId));

        public async IAsyncEnumerable<InstanceSnapshot> GetAllInstancesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var instance in Instances.Values)
            {
                yield return instance;
            }
        }

        public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
