using System.Diagnostics;
using System.Text.Json;

namespace CloudFreq.Core.Tests.Scoring;

/// <summary>
/// The GPU package (~550 MB) is never restored here, so the build switch is checked by evaluating
/// the project: which ONNX Runtime package does it reference with and without -p:OnnxRuntimeGpu=true,
/// and at which pinned version?
/// </summary>
public class GpuBuildSwitchTests
{
    private const string Cpu = "Microsoft.ML.OnnxRuntime";
    private const string Gpu = "Microsoft.ML.OnnxRuntime.Gpu.Linux";

    private static IReadOnlyList<(string Identity, string? Version)> Items(string item, params string[] properties)
    {
        var project = Path.Combine(SharedData.RepositoryRoot, "src", "Core", "CloudFreq.Core.csproj");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", $"-getItem:{item}" }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("Items").GetProperty(item).EnumerateArray()
            .Select(i => (i.GetProperty("Identity").GetString()!, i.TryGetProperty("Version", out var v) ? v.GetString() : null))];
    }

    private static IReadOnlyList<string> PackageReferences(params string[] properties) =>
        [.. Items("PackageReference", properties).Select(i => i.Identity)];

    [Fact]
    public void Evaluate_Default_SelectsTheCpuPackageAndNoGpuPackage()
    {
        var packages = PackageReferences();

        Assert.Contains(Cpu, packages);
        Assert.DoesNotContain(packages, p => p.Contains("Gpu", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Evaluate_OnnxRuntimeGpuTrue_SwapsInTheLinuxGpuPackage()
    {
        var packages = PackageReferences("-p:OnnxRuntimeGpu=true");

        Assert.Contains(Gpu, packages);
        Assert.DoesNotContain(Cpu, packages);
        // Not the meta package: it also copies Windows binaries into a Linux output.
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime.Gpu", packages);
    }

    [Fact]
    public void Evaluate_PackageVersions_PinCpuAndGpuTogetherAt1320()
    {
        var versions = Items("PackageVersion").ToDictionary(i => i.Identity, i => i.Version);

        Assert.Equal("1.32.0", versions[Cpu]);
        Assert.Equal("1.32.0", versions[Gpu]);
    }
}
