namespace CloudFreq.Core.Costs;

/// <summary>A transform family's work, ready to be timed (<see cref="ITransformFamily.CreateProbe"/>).</summary>
public interface ITransformProbe
{
    /// <summary>Transforms one batch the way the analysis does (in parallel on the cores) and returns how many transforms it did.</summary>
    int Run(CancellationToken cancellationToken);
}
