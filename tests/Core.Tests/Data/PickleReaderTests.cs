using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

public sealed class PickleReaderTests
{
    [Fact]
    public void Read_Protocol4_GivesDictWithListTupleAndScalars()
    {
        // pickle.dumps({'label_names': ['ä', 'c'], 'x': (1, 2.5, None, True)}, protocol=4)
        var bytes = Convert.FromHexString(
            "80049534000000000000007d94288c0b6c6162656c5f6e616d6573945d94288c02c3a4948c016394658c017894284b014740040000000000004e887494752e");

        var root = Assert.IsType<Dictionary<object, object?>>(PickleReader.Read(bytes, "meta"));

        Assert.Equal(["ä", "c"], Assert.IsType<List<object?>>(root["label_names"]));
        Assert.Equal([1L, 2.5, null, true], Assert.IsType<object?[]>(root["x"]));
    }

    [Fact]
    public void Read_ObjectConstruction_IsRefusedNamingTheFile()
    {
        // pickle.dumps(collections.OrderedDict(), protocol=0) starts with GLOBAL 'c'.
        var bytes = System.Text.Encoding.ASCII.GetBytes("ccollections\nOrderedDict\np0\n((tRp1\n.");

        var error = Assert.Throws<CloudFreqException>(() => PickleReader.Read(bytes, "batches.meta"));

        Assert.Contains("batches.meta", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x63", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_Throws()
    {
        var error = Assert.Throws<CloudFreqException>(() => PickleReader.Read([0x80, 0x02, (byte)'U', 10, (byte)'a'], "m"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
