using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>An image's result depends only on the image and its seed, never on its batch or position.</summary>
public class DeterminismTests
{
    public static TheoryData<string, AttackNorm> Cases()
    {
        var data = new TheoryData<string, AttackNorm>();
        foreach (var norm in new[] { AttackNorm.LInf, AttackNorm.L2 })
        {
            foreach (var name in new[] { "fgsm", "pgd", "apgd-ce", "apgd-dlr", "apgd-t", "square", "apgd-ensemble", "fmn" })
            {
                data.Add(name, norm);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameImageAndSeedGiveBitIdenticalResultsInAnyBatch(string name, AttackNorm norm)
    {
        var model = new ReluNetModel(AttackFixtures.Shape, 16, 10, seed: 51);
        var all = AttackFixtures.Batch(model, 4, seed: 52);
        var n = model.InputShape.Length;
        var attack = Create(name, norm);

        var alone = attack.Run(model, AttackFixtures.Select(all, n, 0));
        var first = attack.Run(model, AttackFixtures.Select(all, n, 0, 1, 2, 3));
        var last = attack.Run(model, AttackFixtures.Select(all, n, 1, 2, 3, 0));
        foreach (var (result, position) in new[] { (first, 0), (last, 3) })
        {
            Assert.True(
                alone.Adversarial.AsSpan(0, n).SequenceEqual(result.Adversarial.AsSpan(position * n, n)),
                $"{name}: image differs at batch position {position}");
            Assert.Equal(alone.Norm[0], result.Norm[position]);
            Assert.Equal(alone.Success[0], result.Success[position]);
            Assert.Equal(alone.Predicted[0], result.Predicted[position]);
        }

        // The run did something to the image (no vacuous pass on an untouched input).
        Assert.True(alone.Norm[0] > 0 || name == "fmn");
    }

    private static IAttack Create(string name, AttackNorm norm)
    {
        var epsilon = norm == AttackNorm.LInf ? 0.02 : 0.2;
        object? options = name switch
        {
            "pgd" => new PgdOptions { Steps = 10, Restarts = 2 },
            "apgd-ce" or "apgd-dlr" => new ApgdOptions { Iterations = 20, Restarts = 2 },
            "apgd-t" => new ApgdTargetedOptions { Iterations = 10, TargetClasses = 3 },
            "square" => new SquareOptions { Queries = 100 },
            "apgd-ensemble" => new EnsembleOptions
            {
                MemberOptions = new Dictionary<string, object>
                {
                    ["apgd-ce"] = new ApgdOptions { Iterations = 10 },
                    ["apgd-t"] = new ApgdTargetedOptions { Iterations = 5, TargetClasses = 2 },
                    ["square"] = new SquareOptions { Queries = 50 },
                },
            },
            "fmn" => new FmnOptions { Steps = 20 },
            _ => null,
        };
        return AttackCatalog.Create(name, norm, name == "fmn" ? double.PositiveInfinity : epsilon, options);
    }
}
