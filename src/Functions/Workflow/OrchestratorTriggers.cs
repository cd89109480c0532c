using CloudFreq.Orchestrations.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CloudFreq.Functions.Workflow;

/// <summary>
/// The orchestration triggers: one line each into the workflow's orchestrators, the classes
/// <c>cloudfreq serve</c> registers with its task hub worker. (Durable's source generator, which would write
/// these, is not served here.) Orchestrators hold no state, so one instance serves every replay.
/// </summary>
public static class OrchestratorTriggers
{
    private static readonly RunOrchestrator Run = new();
    private static readonly GroupOrchestrator Group = new();

    [Function(WorkflowNames.RunOrchestrator)]
    public static Task<RunOutput> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run.RunAsync(context, context.GetInput<RunInput>()!);

    [Function(WorkflowNames.GroupOrchestrator)]
    public static Task<GroupOutcome> GroupOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Group.RunAsync(context, context.GetInput<GroupInput>()!);
}
