using CloudFreq.Core.Attacks;

namespace CloudFreq.Core.Tests.Attacks;

public class AttackCatalogTests
{
    [Theory]
    [InlineData("fgsm", typeof(FgsmAttack))]
    [InlineData("pgd", typeof(PgdAttack))]
    [InlineData("apgd-ce", typeof(ApgdAttack))]
    [InlineData("apgd-dlr", typeof(ApgdAttack))]
    [InlineData("apgd-t", typeof(ApgdTargetedAttack))]
    [InlineData("square", typeof(SquareAttack))]
    [InlineData("apgd-ensemble", typeof(EnsembleAttack))]
    public void BuildsEveryBoundedAttackForBothNorms(string name, Type type)
    {
        foreach (var norm in new[] { AttackNorm.LInf, AttackNorm.L2 })
        {
            var attack = AttackCatalog.Create(name.ToUpperInvariant(), norm, 0.1);
            Assert.IsType(type, attack);
            Assert.Equal(name, attack.Name);
            Assert.Equal(norm, attack.Norm);
            Assert.Equal(0.1, attack.Epsilon);
            Assert.False(attack.Targeted);
        }
    }

    [Fact]
    public void TheDefaultEnsembleIsApgdCeApgdTAndSquare()
    {
        var ensemble = Assert.IsType<EnsembleAttack>(AttackCatalog.Create("apgd-ensemble", AttackNorm.LInf, 8 / 255.0));
        Assert.Equal(["apgd-ce", "apgd-t", "square"], ensemble.Members.Select(m => m.Name));
    }

    [Fact]
    public void FmnIsMinimalNormAndRefusesABudget()
    {
        var fmn = AttackCatalog.Create("fmn", AttackNorm.L2, double.PositiveInfinity, new FmnOptions { Targeted = true });
        Assert.Equal(double.PositiveInfinity, fmn.Epsilon);
        Assert.True(fmn.Targeted);
        var error = Assert.Throws<ArgumentException>(() => AttackCatalog.Create("fmn", AttackNorm.L2, 0.5));
        Assert.Contains("minimal-perturbation", error.Message);
    }

    [Fact]
    public void ClearErrors()
    {
        Assert.Contains("Known attacks", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("deepfool", AttackNorm.L2, 0.5)).Message);
        Assert.Contains("epsilon", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("pgd", AttackNorm.L2, 0)).Message);
        Assert.Contains("epsilon", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("pgd", AttackNorm.L2, double.PositiveInfinity)).Message);
        Assert.Contains("PgdOptions", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("pgd", AttackNorm.L2, 0.5, new SquareOptions())).Message);
        Assert.Contains("Steps", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("pgd", AttackNorm.L2, 0.5, new PgdOptions { Steps = 0 })).Message);
        Assert.Contains("Rho", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("apgd-ce", AttackNorm.L2, 0.5, new ApgdOptions { Rho = 2 })).Message);
        Assert.Contains("PInit", Assert.Throws<ArgumentException>(() => AttackCatalog.Create("square", AttackNorm.L2, 0.5, new SquareOptions { PInit = 0 })).Message);
        Assert.Contains("cannot be a member", Assert.Throws<ArgumentException>(() =>
            AttackCatalog.Create("apgd-ensemble", AttackNorm.L2, 0.5, new EnsembleOptions { Members = ["apgd-ce", "fmn"] })).Message);
        Assert.Contains("targeted", Assert.Throws<ArgumentException>(() =>
            AttackCatalog.Create("apgd-ensemble", AttackNorm.L2, 0.5, new EnsembleOptions
            {
                Members = ["square"],
                MemberOptions = new Dictionary<string, object> { ["square"] = new SquareOptions { Targeted = true } },
            })).Message);
    }

    [Fact]
    public void BatchProblemsAreReportedBeforeAttacking()
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 3, seed: 71);
        var batch = AttackFixtures.Batch(model, 2, seed: 72);
        var pgd = new PgdAttack(AttackNorm.LInf, 0.1);
        Assert.Contains("seeds", Assert.Throws<ArgumentException>(() => pgd.Run(model, batch with { Seeds = [1] })).Message);
        Assert.Contains("label", Assert.Throws<ArgumentException>(() => pgd.Run(model, batch with { Labels = [0, 7] })).Message);
        var targeted = new PgdAttack(AttackNorm.LInf, 0.1, new PgdOptions { Loss = AttackLoss.TargetedMargin });
        Assert.Contains("target", Assert.Throws<ArgumentException>(() => targeted.Run(model, batch)).Message);
        Assert.Contains("4 classes", Assert.Throws<ArgumentException>(() => new ApgdTargetedAttack(AttackNorm.LInf, 0.1).Run(model, batch)).Message);
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        var model = LinearModel.Random(AttackFixtures.Shape, 10, seed: 73);
        var batch = AttackFixtures.Batch(model, 2, seed: 74);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        foreach (var attack in AttackFixtures.ShortAttacks(AttackNorm.LInf, 0.01).Append(new FmnAttack(AttackNorm.LInf)))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => attack.Run(model, batch, cancelled.Token));
        }
    }
}
