using System.Globalization;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ResultsCsvWriterTests
{
    private readonly ResultsCsvWriter _writer = new();

    [Fact]
    public void WriteToString_AnyRows_StartsWithContractHeader()
    {
        var csv = _writer.WriteToString([]);

        Assert.Equal("dataset,model,analysis,condition,metric,value,n\n", csv);
    }

    [Fact]
    public void WriteToString_GermanThreadCulture_WritesInvariantNumbers()
    {
        using var culture = new NumberCultureScope();
        Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the scope really changes formatting

        var csv = _writer.WriteToString([new ResultRow("d", "m", "clean", "", "accuracy", 0.5, 12345)]);

        Assert.Equal("d,m,clean,,accuracy,0.5,12345", Lines(csv)[1]);
    }

    [Fact]
    public void WriteToString_ValueNeedingAllDigits_WritesShortestRoundTrip()
    {
        var value = 1.0 / 3.0;

        var csv = _writer.WriteToString([new ResultRow("d", "m", "a", "", "accuracy", value, 3)]);

        var field = Lines(csv)[1].Split(',')[5];
        Assert.Equal("0.3333333333333333", field);
        Assert.Equal(value, double.Parse(field, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void WriteToString_UndefinedValue_WritesEmptyField(double? value)
    {
        var csv = _writer.WriteToString([new ResultRow("d", "m", "hybrid", "seed=0", "f_rev", value, 10)]);

        Assert.Equal("d,m,hybrid,seed=0,f_rev,,10", Lines(csv)[1]);
    }

    [Fact]
    public void WriteToString_FieldsWithCommaQuoteNewline_QuotesPerRfc4180()
    {
        var row = new ResultRow("my,data", "say \"hi\"", "clean", "class=two\nlines", "accuracy", 0.25, 4);

        var csv = _writer.WriteToString([row]);

        Assert.Equal(
            "dataset,model,analysis,condition,metric,value,n\n"
            + "\"my,data\",\"say \"\"hi\"\"\",clean,\"class=two\nlines\",accuracy,0.25,4\n",
            csv);
    }

    [Fact]
    public void WriteToString_PlainFields_LeavesThemUnquoted()
    {
        var csv = _writer.WriteToString([new ResultRow("cifar10", "resnet", "filters", "filter=lowpass;shape=ideal;cutoff=0.25", "accuracy", 0.125, 8)]);

        Assert.DoesNotContain("\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ToPath_WritesUtf8WithoutBomAndLeavesNoTempFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "results.csv");

        _writer.Write(path, [new ResultRow("d", "Käfer", "clean", "", "accuracy", 0.5, 2)]);

        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Contains("Käfer", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["results.csv"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    private static string[] Lines(string csv) => csv.Split('\n');
}
