using CloudFreq.Core.Attacks;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>The model sessions of a host: the classifier and gradient-model caches, which own the sessions.</summary>
public sealed class CachedModelSessions(ClassifierCache classifiers, GradientModelCache gradientModels) : IModelSessions
{
    public IClassifier Classifier(PreparedModel model) => classifiers.Get(model);

    public IGradientModelSource GradientModels(PreparedModel model) => gradientModels.For(model);
}
