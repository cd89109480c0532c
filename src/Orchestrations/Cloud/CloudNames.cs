namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Where a cloud run keeps things (DESIGN.md sections 1 and 3). Blob names start with their
/// container: <c>datasets/NAME/...</c>, <c>models/FILE.onnx</c>, <c>results/RUN/...</c>,
/// <c>reports/RUN/...</c>; the Azure blob adapter maps the first segment to the container.
/// </summary>
public static class CloudNames
{
    public const string DatasetsContainer = "datasets";
    public const string ModelsContainer = "models";
    public const string ResultsContainer = "results";
    public const string ReportsContainer = "reports";

    /// <summary>Suite files a run spec may name (<c>suites/NAME.json</c>) besides the built-in suites.</summary>
    public const string SuitesContainer = "suites";

    /// <summary>The local poller's record of the markers it has announced (in the datasets container, outside any dataset).</summary>
    public const string PollerCheckpointBlob = "datasets/.cloudfreq-poller-checkpoint.json";

    /// <summary>The upload marker: a run spec without its dataset, written last under <c>datasets/NAME/</c>.</summary>
    public const string MarkerFile = "run.json";

    public static string ItemResultBlob(string runId, string itemId) => $"{ResultsContainer}/{runId}/items/{itemId}.json";

    /// <summary>The permanent error of an item that could not be computed (written instead of its result).</summary>
    public static string ItemErrorBlob(string runId, string itemId) => $"{ResultsContainer}/{runId}/errors/{itemId}.json";

    /// <summary>The run spec as accepted (the orchestration's input holds only the run id).</summary>
    public static string SpecBlob(string runId) => $"{ResultsContainer}/{runId}/spec.json";

    /// <summary>Written when a run is canceled: items already queued see it and compute nothing.</summary>
    public static string CancelBlob(string runId) => $"{ResultsContainer}/{runId}/canceled.json";

    /// <summary>The run's plan: its fingerprint, item ids and groups, written once by PrepareRun.</summary>
    public static string PlanBlob(string runId) => $"{ResultsContainer}/{runId}/plan.json";

    public static string ItemResultsPrefix(string runId) => $"{ResultsContainer}/{runId}/items/";

    public static string ReportsPrefix(string runId) => $"{ReportsContainer}/{runId}/";

    public static string ReportBlob(string runId, string fileName) => ReportsPrefix(runId) + fileName;

    /// <summary>The marker of dataset <paramref name="datasetName"/>: <c>datasets/NAME/run.json</c>.</summary>
    public static string MarkerBlob(string datasetName) => $"{DatasetsContainer}/{datasetName}/{MarkerFile}";
}
