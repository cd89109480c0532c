using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

public sealed class CsvReaderTests
{
    [Fact]
    public void Parse_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var records = CsvReader.Parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n\nlast,1", "t.csv");

        Assert.Equal(4, records.Count);
        Assert.Equal(["x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\nlines", string.Empty], records[2].Fields);
        Assert.Equal(6, records[3].Line); // the quoted line break and the blank line count
        Assert.Equal(["last", "1"], records[3].Fields);
    }

    [Fact]
    public void Parse_UnclosedQuote_ThrowsNamingFileAndLine()
    {
        var error = Assert.Throws<CloudFreqException>(() => CsvReader.Parse("a,b\nc,\"open", "t.csv"));

        Assert.Contains("t.csv line 2", error.Message, StringComparison.Ordinal);
    }
}
