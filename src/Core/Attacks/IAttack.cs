using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// An adversarial attack on a batch of images. Bounded attacks keep every image within
/// <see cref="Epsilon"/> of its clean input in <see cref="Norm"/> and within [0,1];
/// minimal-perturbation attacks return each image's smallest successful perturbation found.
/// </summary>
public interface IAttack
{
    /// <summary>Short name used in conditions: fgsm, pgd, apgd-ce, apgd-dlr, apgd-t, square, fmn.</summary>
    string Name { get; }

    AttackNorm Norm { get; }

    /// <summary>The budget; +infinity for minimal-perturbation attacks.</summary>
    double Epsilon { get; }

    /// <summary>True when the attack aims at <see cref="AttackBatch.Targets"/>.</summary>
    bool Targeted { get; }

    /// <summary>
    /// The most model passes the attack spends on one image of a batch: its clean check, every step of
    /// every restart (and target), and the re-scoring of the result. An upper bound: an image leaves the
    /// attack once it is fooled, and an image the clean model already gets wrong costs only the checks.
    /// </summary>
    /// <param name="classCount">The model's classes (APGD-T tries at most classCount - 1 targets).</param>
    PassCount MaxPassesPerImage(int classCount);

    /// <summary>Attacks <paramref name="batch"/>; score-based attacks use only <see cref="Scoring.IClassifier.Score"/>.</summary>
    AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default);
}
