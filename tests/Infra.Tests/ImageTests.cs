using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// The image definitions, checked as far as this machine can (no Docker engine, no registry): the
/// CPU image's container properties as the SDK computes them, and the GPU Dockerfile's instructions.
/// </summary>
public partial class ImageTests
{
    private static readonly string CliProject = Path.Combine(InfraPaths.RepositoryRoot, "src", "Cli", "CloudFreq.Cli.csproj");
    private static readonly string GpuDockerfile = Path.Combine(InfraPaths.InfraDirectory, "images", "gpu.Dockerfile");

    [Fact]
    public void CpuImage_ContainerProperties_AsTheSdkComputesThem()
    {
        // ComputeContainerConfig is the SDK target that PublishContainer runs before it pulls the base image.
        var (code, output) = InfraPaths.Run(InfraPaths.Dotnet,
        [
            "msbuild", CliProject, "-t:ComputeContainerConfig", "-p:Configuration=Release", "-nologo",
            "-getProperty:ContainerRepository", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser",
            "-getProperty:ContainerWorkingDirectory", "-getProperty:ContainerAppCommandInstruction",
            "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable", "-getItem:ContainerAppCommand", "-getItem:ContainerDefaultArgs",
        ]);
        Assert.True(code == 0, output);
        var json = JsonNode.Parse(output)!;
        string Property(string name) => json["Properties"]![name]!.GetValue<string>();
        IReadOnlyList<string> Identities(string item) => [.. json["Items"]![item]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>())];

        Assert.Equal("cloudfreq", Property("ContainerRepository"));
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0(-noble(-chiseled)?)?$", Property("ContainerBaseImage"));
        Assert.Equal("app", Property("ContainerUser"));
        Assert.Equal("Entrypoint", Property("ContainerAppCommandInstruction"));
        Assert.Equal(["8080"], Identities("ContainerPort"));
        Assert.Equal(["dotnet", "/app/cloudfreq.dll"], Identities("ContainerAppCommand"));
        Assert.Equal(["serve"], Identities("ContainerDefaultArgs"));
        var environment = json["Items"]!["ContainerEnvironmentVariable"]!.AsArray().ToDictionary(i => i!["Identity"]!.GetValue<string>(), i => i!["Value"]!.GetValue<string>());
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void GpuDockerfile_RuntimeStage_IsCudaCudnnNonRootWithHealthCheck()
    {
        var instructions = Instructions(File.ReadAllText(GpuDockerfile));
        var args = instructions.Where(i => i.Keyword == "ARG" && i.Arguments.Contains('=', StringComparison.Ordinal))
            .Select(i => i.Arguments.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var froms = instructions.Select((instruction, index) => (instruction, index)).Where(p => p.instruction.Keyword == "FROM").ToList();
        Assert.True(froms.Count >= 2, "a build stage and a runtime stage");
        var runtime = instructions.Skip(froms[^1].index).ToList();

        // The runtime base: CUDA 12 with cuDNN 9 runtime on Ubuntu 24.04.
        var baseImage = Regex.Replace(runtime[0].Arguments.Split(' ')[0], @"\$\{(\w+)\}", m => args[m.Groups[1].Value]);
        Assert.Matches(@"^nvidia/cuda:12\.\d+(\.\d+)?-cudnn(9-)?-?runtime-ubuntu24\.04$", baseImage);

        // Non-root: the last USER of the runtime stage names a user other than root / 0.
        var user = runtime.Last(i => i.Keyword == "USER").Arguments;
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user);
        Assert.True(runtime.FindLastIndex(i => i.Keyword == "USER") > runtime.FindLastIndex(i => i.Keyword is "RUN" or "COPY"), "USER comes after the last RUN/COPY");

        Assert.Contains(runtime, i => i.Keyword == "HEALTHCHECK" && i.Arguments.Contains("/api/health", StringComparison.Ordinal));
        Assert.Contains(runtime, i => i.Keyword == "EXPOSE" && i.Arguments.Split(' ').Contains("8080"));
        Assert.Contains(runtime, i => i.Keyword == "ENTRYPOINT" && i.Arguments == "[\"dotnet\", \"/app/cloudfreq.dll\"]");
        Assert.Contains(runtime, i => i.Keyword == "ENV" && i.Arguments.Contains("cloudfreq__executionProvider=cuda", StringComparison.Ordinal));
    }

    [Fact]
    public void GpuDockerfile_BuildStage_PublishesWithTheGpuBuildSwitch()
    {
        var instructions = Instructions(File.ReadAllText(GpuDockerfile));

        var publish = Assert.Single(instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/Cli/CloudFreq.Cli.csproj", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeGpu=true", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", publish.Arguments, StringComparison.Ordinal);
    }

    /// <summary>The switch the Dockerfile uses selects the GPU package (evaluated, since the package cannot be restored here).</summary>
    [Fact]
    public void GpuBuildSwitch_SelectsTheGpuPackage()
    {
        var core = Path.Combine(InfraPaths.RepositoryRoot, "src", "Core", "CloudFreq.Core.csproj");
        var (code, output) = InfraPaths.Run(InfraPaths.Dotnet, ["msbuild", core, "-nologo", "-p:OnnxRuntimeGpu=true", "-getItem:PackageReference"]);
        Assert.True(code == 0, output);

        var packages = JsonNode.Parse(output)!["Items"]!["PackageReference"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToList();
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", packages);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", packages);
    }

    [Fact]
    public void Instructions_JoinContinuationLines_AndSkipComments()
    {
        var parsed = Instructions("# c\nFROM a AS b\nRUN x \\\n    && y\n# d\nUSER app\n");

        Assert.Equal(["FROM", "RUN", "USER"], parsed.Select(i => i.Keyword));
        Assert.Equal("x && y", parsed[1].Arguments);
    }

    internal static List<(string Keyword, string Arguments)> Instructions(string dockerfile)
    {
        var result = new List<(string, string)>();
        var current = string.Empty;
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') && current.Length == 0)
            {
                continue;
            }

            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var continued = line.EndsWith('\\');
            current += (current.Length > 0 ? " " : string.Empty) + (continued ? line[..^1] : line).Trim();
            if (continued)
            {
                continue;
            }

            if (current.Length > 0)
            {
                var space = current.IndexOf(' ', StringComparison.Ordinal);
                var keyword = (space < 0 ? current : current[..space]).ToUpperInvariant();
                var arguments = space < 0 ? string.Empty : WhiteSpace().Replace(current[(space + 1)..].Trim(), " ");
                result.Add((keyword, arguments));
            }

            current = string.Empty;
        }

        return result;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
