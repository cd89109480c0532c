using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

public class RunPlannerTests
{
    [Fact]
    public void Plan_SameSpecTwice_GivesTheSameItemsAndIds()
    {
        using var harness = new RunHarness();
        var spec = RunHarness.Spec(
            SharedData.Path("data", "mnist"),
            new DatasetOptions { Limit = 2500 },
            itemSize: 1000,
            SharedData.Path("models", "mnist", "Convnet_maxpool.onnx"),
            SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx"));

        using var first = harness.Prepare(spec);
        using var second = harness.Prepare(spec);
        var a = new RunPlanner().Plan(first);
        var b = new RunPlanner().Plan(second);

        Assert.Equal(a, b);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(6, a.Count);
        Assert.Equal(a.Count, a.Select(i => i.Id).Distinct().Count());
        Assert.Equal([1000, 1000, 500], a.Where(i => i.ModelIndex == 0).Select(i => i.Count));
        Assert.Equal("clean.d0-mnist.m1-mnist_relu_9_200.0002000", a[^1].Id);
    }
}
