using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ResultConditionTests
{
    [Fact]
    public void Format_OrderedPairs_JoinsInGivenOrderWithInvariantNumbers()
    {
        using var culture = new NumberCultureScope();

        var condition = ResultCondition.Format(("filter", "lowpass"), ("shape", "ideal"), ("cutoff", 0.25), ("seed", 2));

        Assert.Equal("filter=lowpass;shape=ideal;cutoff=0.25;seed=2", condition);
    }

    [Fact]
    public void Format_DoubleNeedingManyDigits_UsesShortestRoundTrip()
    {
        var condition = ResultCondition.Format(("alpha", 0.1 + 0.2));

        Assert.Equal("alpha=0.30000000000000004", condition);
    }

    [Fact]
    public void Format_NoPairs_IsEmpty()
    {
        Assert.Equal(string.Empty, ResultCondition.Format());
    }

    [Theory]
    [InlineData("a;b", "x")]
    [InlineData("a=b", "x")]
    [InlineData("", "x")]
    [InlineData("key", "x;y")]
    public void Format_SeparatorInKeyOrValue_Throws(string key, string value)
    {
        Assert.Throws<ArgumentException>(() => ResultCondition.Format((key, value)));
    }

    [Fact]
    public void Format_NonFiniteNumber_Throws()
    {
        Assert.Throws<ArgumentException>(() => ResultCondition.Format(("alpha", double.NaN)));
    }

    [Fact]
    public void Parse_FormattedCondition_GivesPairsBack()
    {
        var pairs = ResultCondition.Parse("alpha=0.33;seed=2;expr=a=b");

        Assert.Equal(
            [new("alpha", "0.33"), new("seed", "2"), new("expr", "a=b")],
            pairs);
    }

    [Fact]
    public void Parse_PartWithoutEquals_ThrowsFormatException()
    {
        var exception = Assert.Throws<FormatException>(() => ResultCondition.Parse("alpha=0.3;oops"));

        Assert.Contains("oops", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetClassName_ClassCondition_GivesName()
    {
        Assert.Equal("sea lion", ResultCondition.TryGetClassName(ResultCondition.ForClass("sea lion")));
        Assert.Null(ResultCondition.TryGetClassName("class=cat;seed=1"));
        Assert.Null(ResultCondition.TryGetClassName("alpha=0.3"));
    }
}
