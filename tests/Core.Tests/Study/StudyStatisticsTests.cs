using CloudFreq.Core.Study;

namespace CloudFreq.Core.Tests.Study;

/// <summary>
/// The correlations against scipy 1.10.1: the constants come from scipy_reference.py beside this file
/// (its output is scipy_reference.txt); CI has no scipy, so the values are committed.
/// </summary>
public sealed class StudyStatisticsTests
{
    private static readonly double[] FiveX = [0.14, 0.22, 0.31, 0.34, 0.18];
    private static readonly double[] FiveY = [0.45, 0.30, 0.05, 0.02, 0.38];
    private static readonly double[] SevenX = [1, 2, 2, 3, 4, 4, 5];
    private static readonly double[] SevenY = [3, 1, 4, 1, 5, 9, 2];
    private static readonly double[] EightX = [0.153, 0.158, 0.23, 0.265, 0.31, 0.12, 0.41, 0.28];
    private static readonly double[] EightY = [0.78, 0.61, 0.63, 0.59, 0.2, 0.7, 0.01, 0.4];
    private static readonly double[] TwelveX = [0.1, 0.4, 0.35, 0.8, 0.62, 0.15, 0.9, 0.55, 0.33, 0.71, 0.05, 0.48];
    private static readonly double[] TwelveY = [0.9, 0.5, 0.7, 0.2, 0.1, 0.6, 0.15, 0.3, 0.65, 0.35, 0.8, 0.55];

    public static TheoryData<string, double, double, double, double> Exact => new()
    {
        // name, scipy pearsonr, scipy spearmanr, exact permutation p (|r|) for each.
        { "Five", -0.9952929649911619, -0.9999999999999999, 0.008333333333333333, 0.016666666666666666 },
        { "SevenWithTies", 0.2925386167933548, 0.24771684715343115, 0.5793650793650794, 0.6142857142857143 },
        { "Eight", -0.9195321172356488, -0.9523809523809524, 0.0003968253968253968, 0.001140873015873016 },
    };

    [Theory]
    [MemberData(nameof(Exact))]
    public void PearsonAndSpearman_SmallSamples_MatchScipyWithExactPermutationP(string name, double pearson, double spearman, double pPearson, double pSpearman)
    {
        var (x, y) = Vectors(name);

        var p = StudyStatistics.Pearson(x, y, seed: 0);
        var s = StudyStatistics.Spearman(x, y, seed: 0);

        Assert.Equal(pearson, p.Value!.Value, 12);
        Assert.Equal(spearman, s.Value!.Value, 12);
        Assert.True(p.ExactPValue);
        Assert.Equal(pPearson, p.PValue!.Value, 12);
        Assert.Equal(pSpearman, s.PValue!.Value, 12);
    }

    [Fact]
    public void Twelve_MonteCarloPermutation_IsSeededAndNearScipy()
    {
        var a = StudyStatistics.Spearman(TwelveX, TwelveY, seed: 3);
        var b = StudyStatistics.Spearman(TwelveX, TwelveY, seed: 3);

        Assert.Equal(-0.9020979020979022, a.Value!.Value, 12);
        Assert.Equal(-0.9017403721194895, StudyStatistics.Pearson(TwelveX, TwelveY, 3).Value!.Value, 12);
        Assert.False(a.ExactPValue);
        Assert.Equal(a, b);

        // scipy (200,000 pairings): 0.00018; ours counts the observed pairing, so p >= 1 / 10,000.
        Assert.InRange(a.PValue!.Value, 1.0 / 10000, 0.002);
    }

    [Fact]
    public void Bootstrap_OnlyFromEightModels_SeededAndAroundTheEstimate()
    {
        var seven = StudyStatistics.Spearman(SevenX, SevenY, seed: 1);
        var eight = StudyStatistics.Spearman(EightX, EightY, seed: 1);
        var again = StudyStatistics.Spearman(EightX, EightY, seed: 1);

        Assert.Null(seven.CiLow);
        Assert.Null(seven.CiHigh);
        Assert.NotNull(eight.CiLow);
        Assert.Equal(eight, again);
        Assert.InRange(eight.Value!.Value, eight.CiLow!.Value, eight.CiHigh!.Value);
        Assert.True(eight.CiHigh <= 1 && eight.CiLow >= -1);
    }

    [Fact]
    public void FewerThanThreeModels_OrConstantMeasure_GiveNoCoefficient()
    {
        Assert.Null(StudyStatistics.Spearman([0.1, 0.2], [1, 2], 0).Value);
        Assert.Null(StudyStatistics.Pearson([0.1, 0.1, 0.1], [1, 2, 3], 0).Value);
        Assert.Null(StudyStatistics.FitLine([0.1, 0.1], [1, 2]));
        var fit = StudyStatistics.FitLine([0, 1, 2], [1, 3, 5])!.Value;
        Assert.Equal(1, fit.Intercept, 12);
        Assert.Equal(2, fit.Slope, 12);
    }

    private static (double[] X, double[] Y) Vectors(string name) => name switch
    {
        "Five" => (FiveX, FiveY),
        "SevenWithTies" => (SevenX, SevenY),
        "Eight" => (EightX, EightY),
        _ => (TwelveX, TwelveY),
    };
}
