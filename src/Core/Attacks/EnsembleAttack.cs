using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// The per-image worst case over several bounded attacks ("apgd-ensemble"): members run in order,
/// each on the images no earlier member fooled, so an image counts as robust only if it survives
/// all of them. Returns for each image the first member's successful adversarial; for an image no
/// member fooled, the first member's returned image (its best try). Member i sees each image's
/// seed mixed with i, so two members of the same kind draw different starts.
/// </summary>
public sealed class EnsembleAttack : IAttack
{
    private readonly IAttack[] _members;

    public EnsembleAttack(IReadOnlyList<IAttack> members, string name = "apgd-ensemble")
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (members.Count == 0)
        {
            throw new ArgumentException($"{name}: give at least one member attack.", nameof(members));
        }

        _members = [.. members];
        var first = _members[0];
        foreach (var member in _members)
        {
            ArgumentNullException.ThrowIfNull(member, nameof(members));
            if (member.Norm != first.Norm)
            {
                throw new ArgumentException($"{name}: all members need the same norm ({member.Name} is {member.Norm}, {first.Name} is {first.Norm}).", nameof(members));
            }

            if (!double.IsFinite(member.Epsilon))
            {
                throw new ArgumentException($"{name}: {member.Name} is a minimal-perturbation attack; an ensemble needs bounded members.", nameof(members));
            }

            if (Math.Abs(member.Epsilon - first.Epsilon) > 1e-12 * Math.Max(1.0, first.Epsilon))
            {
                throw new ArgumentException($"{name}: all members need the same epsilon ({member.Name} has {member.Epsilon}, {first.Name} has {first.Epsilon}).", nameof(members));
            }

            if (member.Targeted)
            {
                throw new ArgumentException($"{name}: {member.Name} is targeted; the ensemble measures untargeted robustness.", nameof(members));
            }
        }

        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<IAttack> Members => _members;

    public AttackNorm Norm => _members[0].Norm;

    public double Epsilon => _members[0].Epsilon;

    public bool Targeted => false;

    // Every member in turn; a member only sees the images the earlier ones did not fool.
    public PassCount MaxPassesPerImage(int classCount) =>
        _members.Aggregate(PassCount.Zero, (sum, member) => sum + member.MaxPassesPerImage(classCount));

    public AttackResult Run(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken = default)
    {
        AttackInputs.Validate(model, batch, needsTargets: false, Name);
        var count = batch.Count;
        var n = model.InputShape.Length;
        var output = (float[])batch.Images.Clone();
        var fooled = new bool[count];
        var remaining = Enumerable.Range(0, count).ToArray();
        for (var m = 0; m < _members.Length && remaining.Length > 0; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var images = new float[remaining.Length * n];
            var labels = new int[remaining.Length];
            var seeds = new ulong[remaining.Length];
            for (var j = 0; j < remaining.Length; j++)
            {
                var i = remaining[j];
                batch.Images.AsSpan(i * n, n).CopyTo(images.AsSpan(j * n, n));
                labels[j] = batch.Labels[i];
                seeds[j] = AttackRandom.Mix(batch.Seeds[i], AttackStreams.Ensemble, (ulong)m);
            }

            var result = _members[m].Run(model, new AttackBatch(images, labels, seeds), cancellationToken);
            for (var j = 0; j < remaining.Length; j++)
            {
                var i = remaining[j];
                if (result.Success[j] || m == 0)
                {
                    result.Adversarial.AsSpan(j * n, n).CopyTo(output.AsSpan(i * n, n));
                }

                fooled[i] = result.Success[j];
            }

            remaining = remaining.Where(i => !fooled[i]).ToArray();
        }

        return AttackVerification.Verify(model, batch, output, Norm, null, null, cancellationToken);
    }
}
