using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>
/// Runs the workflow's orchestrators and activities in process, without a task hub: a
/// <see cref="TaskOrchestrationContext"/> that calls the real activities (with the retry policy's
/// attempts), runs sub-orchestrations (continue-as-new included), delivers events, and records every
/// decision an orchestrator makes. Inputs and outputs go through the JSON converter the shims use, as
/// they would through history. With <see cref="Scripted"/> outcomes (from an earlier run) no activity
/// runs: the orchestrators are replayed from a recorded history.
/// </summary>
internal sealed class InlineWorkflowHost(WorkflowServices services)
{
    private readonly ConcurrentDictionary<string, InlineContext> _instances = new(StringComparer.Ordinal);

    /// <summary>Activities run on the thread pool (true), or complete before the call returns (false: a fixed order, for replay).</summary>
    public bool Asynchronous { get; init; } = true;

    /// <summary>Run every activity delivery this many times (at-least-once delivery); the last outcome counts.</summary>
    public int Deliveries { get; init; } = 1;

    /// <summary>Recorded outcomes by (activity, input JSON): set to replay instead of running activities.</summary>
    public IReadOnlyDictionary<string, string>? Scripted { get; init; }

    /// <summary>
    /// Runs orchestrators through these entry points instead of the classes (the Functions app's triggers, which
    /// read their input with <see cref="TaskOrchestrationContext.GetInput{T}"/>): name, context -> output.
    /// </summary>
    public Func<string, TaskOrchestrationContext, Task<object?>>? Orchestrators { get; init; }

    /// <summary>Runs activities through these entry points instead of the classes: name, input JSON, instance id -> output.</summary>
    public Func<string, string, string, Task<object>>? Activities { get; init; }

    /// <summary>Every activity outcome (key: name and input JSON), for a later replay.</summary>
    public ConcurrentDictionary<string, string> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>Attempts per activity call key (retries included).</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);

    /// <summary>The decisions of each instance, in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Decisions =>
        _instances.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Decisions.ToList(), StringComparer.Ordinal);

    public object? CustomStatus(string instanceId) => _instances.TryGetValue(instanceId, out var c) ? c.Status : null;

    public Task<RunOutput> RunAsync(RunInput input) => RunOrchestratorAsync<RunInput, RunOutput>(new RunOrchestrator(), input.RunId, WorkflowNames.RunOrchestrator, input);

    /// <summary>Raises an external event on an instance (as the API's cancel does); false when the instance is not running yet.</summary>
    public bool RaiseEvent(string instanceId, string name) => _instances.TryGetValue(instanceId, out var context) && context.Raise(name);

    internal async Task<TOutput> RunOrchestratorAsync<TInput, TOutput>(TaskOrchestrator<TInput, TOutput> orchestrator, string instanceId, string name, TInput input)
    {
        var json = JsonDataConverter.Default.Serialize(input)!;
        while (true)
        {
            var context = new InlineContext(this, name, instanceId, json);
            var previous = _instances.TryGetValue(instanceId, out var old) ? old : null;
            context.InheritEvents(previous);
            _instances[instanceId] = context;
            var typed = JsonDataConverter.Default.Deserialize<TInput>(json)!;
            var output = Orchestrators is { } entry ? (TOutput)(await entry(name, context))! : await orchestrator.RunAsync(context, typed);
            if (context.ContinuedWith is { } next)
            {
                json = next;
                continue;
            }

            return JsonDataConverter.Default.Deserialize<TOutput>(JsonDataConverter.Default.Serialize(output))!;
        }
    }

    private async Task<string> RunActivityAsync(string name, string inputJson, string instanceId)
    {
        var key = name + " " + inputJson;
        if (Scripted is { } script)
        {
            return script.TryGetValue(key, out var recorded) ? recorded : throw new InvalidOperationException($"replay: no recorded outcome for {key}");
        }

        string result = string.Empty;
        for (var delivery = 0; delivery < Deliveries; delivery++)
        {
            Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            var activityContext = new InlineActivityContext(name);
            object output = Activities is { } entry ? await entry(name, inputJson, instanceId) : name switch
            {
                WorkflowNames.PrepareRun => await new PrepareRunActivity(services).RunAsync(activityContext, JsonDataConverter.Default.Deserialize<string>(inputJson)!),
                WorkflowNames.ComputeItem => await new ComputeItemActivity(services).RunAsync(activityContext, JsonDataConverter.Default.Deserialize<ItemInput>(inputJson)!),
                WorkflowNames.SummarizeRun => await new SummarizeRunActivity(services).RunAsync(activityContext, JsonDataConverter.Default.Deserialize<SummarizeInput>(inputJson)!),
                _ => throw new InvalidOperationException($"no activity {name}"),
            };
            result = JsonDataConverter.Default.Serialize(output)!;
        }

        Outcomes[key] = result;
        return result;
    }

    private sealed class InlineActivityContext(string name) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => "inline";
    }

    private sealed class InlineContext(InlineWorkflowHost host, string name, string instanceId, string inputJson) : TaskOrchestrationContext
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _events = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _pendingEvents = new();
        private int _guids;

        public ConcurrentQueue<string> Decisions { get; } = new();

        public object? Status { get; private set; }

        public string? ContinuedWith { get; private set; }

        public override TaskName Name => name;

        public override string InstanceId => instanceId;

        public override ParentOrchestrationInstance? Parent => null;

        public override DateTime CurrentUtcDateTime => new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);

        public override bool IsReplaying => host.Scripted is not null;

        protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public override T GetInput<T>() => JsonDataConverter.Default.Deserialize<T>(inputJson)!;

        public void InheritEvents(InlineContext? previous)
        {
            foreach (var decision in previous?.Decisions ?? [])
            {
                Decisions.Enqueue(decision);
            }

            while (previous is not null && previous._pendingEvents.TryDequeue(out var e))
            {
                _pendingEvents.Enqueue(e);
            }
        }

        public bool Raise(string eventName)
        {
            var source = _events.GetOrAdd(eventName, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (!source.TrySetResult(eventName))
            {
                _pendingEvents.Enqueue(eventName);
            }

            return true;
        }

        public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
        {
            var json = JsonDataConverter.Default.Serialize(input)!;
            Decisions.Enqueue($"activity {name.Name} {json}");
            var attempts = options?.Retry?.Policy?.MaxNumberOfAttempts ?? 1;
            var call = async () =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return JsonDataConverter.Default.Deserialize<TResult>(await host.RunActivityAsync(name.Name, json, instanceId))!;
                    }
                    catch (Exception ex) when (ex is not InvalidOperationException || !ex.Message.StartsWith("replay:", StringComparison.Ordinal))
                    {
                        if (attempt >= attempts)
                        {
                            throw new TaskFailedException(name.Name, 0, TaskFailureDetails.FromException(ex));
                        }
                    }
                }
            };
            return host.Asynchronous ? await Task.Run(call) : await call();
        }

        public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        {
            var childId = (options as SubOrchestrationOptions)?.InstanceId ?? throw new InvalidOperationException("sub-orchestrations need an instance id");
            Decisions.Enqueue($"sub {orchestratorName.Name} {childId}");
            if (orchestratorName.Name != WorkflowNames.GroupOrchestrator)
            {
                throw new InvalidOperationException($"no orchestrator {orchestratorName.Name}");
            }

            var run = () => host.RunOrchestratorAsync(new GroupOrchestrator(), childId, orchestratorName.Name, (GroupInput)input!);
            object? outcome = host.Asynchronous ? await Task.Run(run) : await run();
            return (TResult)outcome!;
        }

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        {
            Decisions.Enqueue($"wait {eventName}");
            var source = _events.GetOrAdd(eventName, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_pendingEvents.TryDequeue(out var pending))
            {
                source.TrySetResult(pending);
            }

            return source.Task.ContinueWith(t => (T)(object?)t.Result!, TaskScheduler.Default);
        }

        public override void SendEvent(string instanceId, string eventName, object payload)
        {
            Decisions.Enqueue($"send {eventName} {instanceId}");
            host.RaiseEvent(instanceId, eventName);
        }

        public override void SetCustomStatus(object? customStatus) => Status = customStatus;

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
        {
            ContinuedWith = JsonDataConverter.Default.Serialize(newInput);
            Decisions.Enqueue($"continue-as-new {ContinuedWith}");
        }

        public override Guid NewGuid() => new(Interlocked.Increment(ref _guids), 0, 0, new byte[8]);
    }
}
