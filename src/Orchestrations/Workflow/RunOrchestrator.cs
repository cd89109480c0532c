using Microsoft.DurableTask;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// One run (instance id = run id): <see cref="PrepareRunActivity"/>, then one
/// <see cref="GroupOrchestrator"/> per (dataset, model) group (instance id <c>{run}:{group}</c>), then
/// <see cref="SummarizeRunActivity"/>. A cancel event stops the run: the groups schedule nothing new,
/// running items finish, and the run ends with <see cref="RunOutput.Canceled"/> and no report.
/// Deterministic: it decides only from its input, its history and the context.
/// </summary>
public sealed class RunOrchestrator : TaskOrchestrator<RunInput, RunOutput>
{
    public override async Task<RunOutput> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.StartError is { } refused)
        {
            throw new RunFailedException(refused);
        }

        var cancel = context.WaitForExternalEvent<string?>(WorkflowNames.CancelEvent);
        context.SetCustomStatus(new RunProgress("preparing", 0, 0, 0));
        var prepare = context.CallActivityAsync<RunOutline>(WorkflowNames.PrepareRun, input.RunId, input.Settings.RetryOptions());
        if (await Task.WhenAny(prepare, cancel) == cancel)
        {
            return new RunOutput(Canceled: true, 0, 0, 0);
        }

        var outline = await prepare;
        if (outline.Error is { } error)
        {
            throw new RunFailedException(error);
        }

        var groups = outline.Groups.ToDictionary(
            g => (Task)context.CallSubOrchestratorAsync<GroupOutcome>(
                WorkflowNames.GroupOrchestrator,
                new GroupInput(input.RunId, outline.Fingerprint, g, input.Settings, g.First),
                new SubOrchestrationOptions(new TaskOptions(), WorkflowNames.GroupInstanceId(input.RunId, g.Index))),
            g => g);
        var progress = new RunProgress("running", 0, outline.Total, 0, outline.Groups.Count);
        context.SetCustomStatus(progress);
        var failures = new List<ItemFailure>();
        var canceled = false;
        while (groups.Count > 0)
        {
            var next = await Task.WhenAny(canceled ? [.. groups.Keys] : [.. groups.Keys, cancel]);
            if (next == cancel)
            {
                canceled = true;
                foreach (var group in groups.Values)
                {
                    context.SendEvent(WorkflowNames.GroupInstanceId(input.RunId, group.Index), WorkflowNames.CancelEvent, "canceled");
                }

                progress = progress with { Phase = "canceling" };
                context.SetCustomStatus(progress);
                continue;
            }

            groups.Remove(next);
            var outcome = await (Task<GroupOutcome>)next;
            canceled |= outcome.Canceled;
            failures.AddRange(outcome.Failures);
            progress = progress with
            {
                ItemsDone = progress.ItemsDone + outcome.Done,
                ItemsFailed = progress.ItemsFailed + outcome.Failed,
                GroupsEnded = progress.GroupsEnded + 1,
            };
            context.SetCustomStatus(progress);
        }

        if (canceled)
        {
            return new RunOutput(Canceled: true, outline.Total, progress.ItemsDone, progress.ItemsFailed);
        }

        context.SetCustomStatus(progress with { Phase = "summarizing" });
        await context.CallActivityAsync<RunSummaryCounts>(WorkflowNames.SummarizeRun, new SummarizeInput(input.RunId, failures), input.Settings.RetryOptions());
        context.SetCustomStatus(progress with { Phase = "completed" });
        return new RunOutput(Canceled: false, outline.Total, progress.ItemsDone, progress.ItemsFailed);
    }
}

/// <summary>A run that cannot go on (its spec or inputs are unusable): the orchestration fails with this message.</summary>
public sealed class RunFailedException(string message) : Core.CloudFreqException(message);
