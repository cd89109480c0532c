using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ResultsCsvReaderTests
{
    private const string Header = "dataset,model,analysis,condition,metric,value,n\n";

    private readonly ResultsCsvReader _reader = new();
    private readonly ResultsCsvWriter _writer = new();

    [Fact]
    public void Read_WrittenRows_RoundTripsExactly()
    {
        var rows = new List<ResultRow>(ReportSamples.Rows())
        {
            new("a,b", "quote\"model", "clean", "class=line\r\nbreak", "accuracy", 0.1 + 0.2, 7),
            new(" padded ", "m", "x", "", "mce", double.Epsilon, 0),
            new("d", "m", "x", "", "big", -1.7976931348623157e308, long.MaxValue),
        };
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "results.csv");

        _writer.Write(path, rows);
        var read = _reader.Read(path);

        Assert.Equal(rows, read);
    }

    [Fact]
    public void ReadFromString_CrlfAndBom_Accepted()
    {
        var read = _reader.ReadFromString("\uFEFFdataset,model,analysis,condition,metric,value,n\r\nd,m,clean,,accuracy,0.5,2\r\n", "x.csv");

        Assert.Equal([new ResultRow("d", "m", "clean", "", "accuracy", 0.5, 2)], read);
    }

    [Fact]
    public void ReadFromString_EmptyValue_IsNull()
    {
        var read = _reader.ReadFromString(Header + "d,m,hybrid,seed=1,f_rev,,9\n", "x.csv");

        Assert.Null(Assert.Single(read).Value);
    }

    [Fact]
    public void ReadFromString_WrongHeader_NamesFileAndLine()
    {
        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString("dataset,model,value\n", "runs/r1/results.csv"));

        Assert.StartsWith("runs/r1/results.csv:1:", exception.Message, StringComparison.Ordinal);
        Assert.Contains("dataset,model,analysis,condition,metric,value,n", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d,m,clean,,accuracy,0.5\n", "6 fields")]
    [InlineData("d,m,clean,,accuracy,0,5,2\n", "8 fields")]
    [InlineData("d,m,clean,,accuracy,50%,2\n", "value '50%'")]
    [InlineData("d,m,clean,,accuracy,NaN,2\n", "value 'NaN'")]
    [InlineData("d,m,clean,,accuracy,0.5,-1\n", "n '-1'")]
    [InlineData("d,m,clean,,accuracy,0.5,two\n", "n 'two'")]
    [InlineData("d,\"m,clean,,accuracy,0.5,2\n", "never closed")]
    [InlineData("d,m\"x,clean,,accuracy,0.5,2\n", "quote inside an unquoted field")]
    [InlineData("d,\"m\"x,clean,,accuracy,0.5,2\n", "after a closing quote")]
    public void ReadFromString_MalformedThirdLine_NamesFileLineAndProblem(string badLine, string problem)
    {
        var text = Header + "d,m,clean,,accuracy,0.5,2\n" + badLine;

        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(text, "results.csv"));

        Assert.StartsWith("results.csv:3:", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFromString_LineAfterMultilineField_CountsPhysicalLines()
    {
        var text = Header + "d,m,clean,\"class=a\nb\",accuracy,0.5,2\nd,m,clean,,accuracy,oops,2\n";

        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(text, "r.csv"));

        Assert.StartsWith("r.csv:4:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFromString_EmptyText_SaysEmpty()
    {
        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(string.Empty, "r.csv"));

        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }
}
