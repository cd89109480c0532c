namespace CloudFreq.Core.Corruptions;

/// <summary>The study's frequency groups of the 15 benchmark corruptions (DESIGN.md section 4).</summary>
public enum CorruptionGroup
{
    Low,
    Medium,
    High,

    /// <summary>The four extra corruptions, reported apart from the benchmark's 15.</summary>
    Extra,
}
