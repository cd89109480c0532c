namespace CloudFreq.Core.Data;

/// <summary>An image the run skipped because it could not be loaded, and why.</summary>
public sealed record SkippedImage(string Id, string Reason);
