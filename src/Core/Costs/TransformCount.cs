using System.Text.Json.Serialization;

namespace CloudFreq.Core.Costs;

/// <summary>How many times a work item does one family's transform (one image each).</summary>
public sealed record TransformCount([property: JsonIgnore] ITransformFamily Family, long Count)
{
    /// <summary>The family's name (what the plan's JSON carries).</summary>
    public string Name => Family.Name;
}
