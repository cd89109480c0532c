using CloudFreq.Core.Attacks;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Where the executor gets what runs a model: its scoring classifier and its differentiable forms.
/// Hosts pass the session caches (<see cref="CachedModelSessions"/>); tests wrap them to observe every call.
/// </summary>
public interface IModelSessions
{
    IClassifier Classifier(PreparedModel model);

    IGradientModelSource GradientModels(PreparedModel model);
}
