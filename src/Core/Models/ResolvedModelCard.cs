namespace CloudFreq.Core.Models;

/// <summary>A model card with the warnings its resolution raised and the files it was read from.</summary>
public sealed record ResolvedModelCard(ModelCard Card, IReadOnlyList<string> Warnings, IReadOnlyList<string> CardFiles);
