using Microsoft.DurableTask;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// One (dataset, model) group of a run: fans out one <see cref="ComputeItemActivity"/> per item with at
/// most <see cref="WorkflowSettings.Window"/> in flight, fans in their outcomes, and reports done, total
/// and failed as its custom status. Transient failures are retried by the retry policy; an item whose
/// retries run out is counted failed with its last error. After
/// <see cref="WorkflowSettings.ItemsPerExecution"/> items it continues as new with its counters, so its
/// history stays short however large the group. A cancel event stops scheduling; items in flight finish.
/// </summary>
public sealed class GroupOrchestrator : TaskOrchestrator<GroupInput, GroupOutcome>
{
    public override async Task<GroupOutcome> RunAsync(TaskOrchestrationContext context, GroupInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings;
        var group = input.Group;
        var end = group.First + group.Count;
        var window = Math.Max(1, settings.Window);
        var retry = settings.RetryOptions();
        var cancel = context.WaitForExternalEvent<string?>(WorkflowNames.CancelEvent);
        var inFlight = new Dictionary<Task<ItemOutcome>, int>();
        var failures = new List<ItemFailure>(input.Failures ?? []);
        var (next, done, failed) = (input.Next, input.Done, input.Failed);
        var scheduled = 0;
        var canceled = false;
        context.SetCustomStatus(new RunProgress("running", done, group.Count, failed));
        while (true)
        {
            while (!canceled && inFlight.Count < window && next < end && scheduled < settings.ItemsPerExecution)
            {
                inFlight[context.CallActivityAsync<ItemOutcome>(WorkflowNames.ComputeItem, new ItemInput(input.RunId, input.Fingerprint, next), retry)] = next;
                next++;
                scheduled++;
            }

            if (inFlight.Count == 0)
            {
                break;
            }

            var finished = await Task.WhenAny(canceled ? [.. inFlight.Keys] : [.. inFlight.Keys, cancel]);
            if (finished == cancel)
            {
                canceled = true;
                continue;
            }

            var task = (Task<ItemOutcome>)finished;
            var index = inFlight[task];
            inFlight.Remove(task);
            try
            {
                var outcome = await task;
                if (outcome.Skipped)
                {
                    canceled = true;
                }
                else if (outcome.Failed)
                {
                    failed++;
                    if (outcome.Error is { } error)
                    {
                        failures.Add(new ItemFailure(index, error));
                    }
                }
                else
                {
                    done++;
                }
            }
            catch (TaskFailedException ex)
            {
                failed++;
                failures.Add(new ItemFailure(index, $"failed {settings.ItemAttempts} times; last error: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}"));
            }

            context.SetCustomStatus(new RunProgress("running", done, group.Count, failed));
        }

        if (!canceled && next < end)
        {
            context.ContinueAsNew(input with { Next = next, Done = done, Failed = failed, Failures = failures }, preserveUnprocessedEvents: true);
            return new GroupOutcome(group.Index, done, failed, Canceled: false, failures);
        }

        return new GroupOutcome(group.Index, done, failed, canceled, failures);
    }
}
