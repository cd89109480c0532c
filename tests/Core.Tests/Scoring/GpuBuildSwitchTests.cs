using System.Diagnostics;
using System.Text.Json;

namespace CloudFreq.Core.Tests.Scoring;

/// <summary>
/// The GPU package cannot be restored here, so the build switch is checked by evaluating the
/// project: which ONNX Runtime package does it reference with and without -p:OnnxRuntimeGpu=true?
/// </summary>
public class GpuBuildSwitchTests
{
    private static IReadOnlyList<string> PackageReferences(params string[] properties)
    {
        var project = Path.Combine(SharedData.RepositoryRoot, "src", "Core", "CloudFreq.Core.csproj");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "msbuild", project, "-getItem:PackageReference" }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!)];
    }

    [Fact]
    public void Evaluate_Default_SelectsTheCpuPackage()
    {
        var packages = PackageReferences();

        Assert.Contains("Microsoft.ML.OnnxRuntime", packages);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime.Gpu", packages);
    }

    [Fact]
    public void Evaluate_OnnxRuntimeGpuTrue_SwapsInTheGpuPackage()
    {
        var packages = PackageReferences("-p:OnnxRuntimeGpu=true");

        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", packages);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", packages);
    }
}
