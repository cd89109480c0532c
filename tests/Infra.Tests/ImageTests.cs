using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// The image definitions, checked as far as this machine can (no Docker engine, no registry): the
/// Functions app's CPU and GPU Dockerfiles and the self-host's GPU Dockerfile against the package facts
/// (.NET version, ONNX Runtime version, the CUDA libraries its provider loads), and the self-host's CPU
/// image as the SDK computes it.
/// </summary>
public partial class ImageTests
{
    private static readonly string CliProject = Path.Combine(InfraPaths.RepositoryRoot, "src", "Cli", "CloudFreq.Cli.csproj");
    private static readonly string Images = Path.Combine(InfraPaths.InfraDirectory, "images");
    private static string FunctionsCpu => Path.Combine(Images, "functions.Dockerfile");
    private static string FunctionsGpu => Path.Combine(Images, "functions-gpu.Dockerfile");
    private static string ServeGpu => Path.Combine(Images, "gpu.Dockerfile");

    public static TheoryData<string> FunctionsDockerfiles() => ["functions.Dockerfile", "functions-gpu.Dockerfile"];

    public static TheoryData<string> GpuDockerfiles() => ["functions-gpu.Dockerfile", "gpu.Dockerfile"];

    public static TheoryData<string> AllDockerfiles() => ["functions.Dockerfile", "functions-gpu.Dockerfile", "gpu.Dockerfile"];

    /// <summary>The .NET major.minor the repository targets (net10.0 -> 10.0): the base images follow it.</summary>
    private static string DotnetVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(InfraPaths.RepositoryRoot, "Directory.Build.props"));
        var framework = props.Descendants("TargetFramework").Single().Value;
        return Regex.Match(framework, @"^net(\d+\.\d+)$").Groups[1].Value;
    }

    [Fact]
    public void Images_TheFunctionsAppHasACpuAndAGpuDockerfile_BesideTheSelfHostsGpuDockerfile()
    {
        var files = Directory.GetFiles(Images, "*Dockerfile").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["functions-gpu.Dockerfile", "functions.Dockerfile", "gpu.Dockerfile"], files);
    }

    [Fact]
    public void PackageFacts_CoverThePinnedGpuPackage_AndCpuAndGpuArePinnedTogether()
    {
        var (version, requirements) = OnnxRuntimeGpuFacts.Pinned();

        Assert.Equal(OnnxRuntimeGpuFacts.PackageVersion(OnnxRuntimeGpuFacts.CpuPackage), version);
        Assert.All(requirements.Libraries, l => Assert.Matches(@"^lib\w+\.so\.\d+$", l));
        Assert.Contains($"libcudart.so.{requirements.CudaMajor}", requirements.Libraries);
    }

    /// <summary>The Functions runtime base is the .NET isolated host image of the repository's .NET version; the build stage its SDK.</summary>
    [Theory]
    [MemberData(nameof(FunctionsDockerfiles))]
    public void FunctionsDockerfile_Bases_AreTheIsolatedHostAndTheSdkOfTheTargetFramework(string file)
    {
        var dockerfile = Dockerfile.Load(Path.Combine(Images, file));
        var dotnet = DotnetVersion();

        Assert.Equal($"mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated{dotnet}", dockerfile.Runtime.BaseImage);
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{dotnet}", dockerfile.StageNamed("build").BaseImage);
    }

    /// <summary>The build stage publishes src/Functions into /home/site/wwwroot, checks the generated metadata, and the runtime stage takes that folder.</summary>
    [Theory]
    [MemberData(nameof(FunctionsDockerfiles))]
    public void FunctionsDockerfile_PublishesTheFunctionsApp_IntoWwwroot(string file)
    {
        var dockerfile = Dockerfile.Load(Path.Combine(Images, file));
        var build = dockerfile.StageNamed("build");

        var publish = Assert.Single(build.Where("RUN"), i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("dotnet publish src/Functions/CloudFreq.Functions.csproj -c Release", publish, StringComparison.Ordinal);
        Assert.Contains("-o /home/site/wwwroot", publish, StringComparison.Ordinal);
        Assert.Contains("test -f /home/site/wwwroot/functions.metadata", publish, StringComparison.Ordinal);
        Assert.Contains("test -f /home/site/wwwroot/host.json", publish, StringComparison.Ordinal);
        Assert.Contains(dockerfile.Runtime.Where("COPY"), i => i.Arguments == "--from=build /home/site/wwwroot /home/site/wwwroot");

        var environment = dockerfile.Runtime.Environment();
        Assert.Equal("/home/site/wwwroot", environment["AzureWebJobsScriptRoot"]);
        Assert.Equal("true", environment["AzureFunctionsJobHost__Logging__Console__IsEnabled"]);
        Assert.Equal("dotnet-isolated", environment["FUNCTIONS_WORKER_RUNTIME"]);
    }

    /// <summary>The CPU flavour never restores the GPU package; the GPU flavour does and checks that the CUDA provider came with it.</summary>
    [Fact]
    public void FunctionsDockerfiles_OnlyTheGpuFlavourUsesTheGpuBuildSwitch()
    {
        var cpu = Dockerfile.Load(FunctionsCpu);
        var gpu = Dockerfile.Load(FunctionsGpu);
        string Publish(Dockerfile d) => d.StageNamed("build").Where("RUN").Single(i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;

        Assert.DoesNotContain("OnnxRuntimeGpu", Publish(cpu), StringComparison.Ordinal);
        Assert.Contains("test -f /home/site/wwwroot/libonnxruntime.so", Publish(cpu), StringComparison.Ordinal);
        Assert.Equal("cpu", cpu.Runtime.Environment()["cloudfreq__executionProvider"]);
        Assert.Contains("-p:OnnxRuntimeGpu=true", Publish(gpu), StringComparison.Ordinal);
        Assert.Contains("test -f /home/site/wwwroot/libonnxruntime_providers_cuda.so", Publish(gpu), StringComparison.Ordinal);
        Assert.Equal("cuda", gpu.Runtime.Environment()["cloudfreq__executionProvider"]);
    }

    /// <summary>Each GPU image is made for the pinned ORT version, on a CUDA base of the major its CUDA provider asks for, with cuDNN.</summary>
    [Theory]
    [MemberData(nameof(GpuDockerfiles))]
    public void GpuDockerfile_CudaImage_MatchesThePinnedOnnxRuntimePackage(string file)
    {
        var dockerfile = Dockerfile.Load(Path.Combine(Images, file));
        var (version, requirements) = OnnxRuntimeGpuFacts.Pinned();

        Assert.True(dockerfile.GlobalArgs.TryGetValue("ONNXRUNTIME_VERSION", out var imageVersion), $"{file}: ARG ONNXRUNTIME_VERSION missing");
        Assert.Equal(version, imageVersion);
        var cuda = dockerfile.GlobalArgs["CUDA_IMAGE"];
        var tag = Regex.Match(cuda, @"^nvidia/cuda:(\d+)\.\d+\.\d+-cudnn(\d*)-?runtime-ubuntu\d+\.\d+$");
        Assert.True(tag.Success, $"{file}: CUDA_IMAGE {cuda} is not an nvidia/cuda cuDNN runtime image");
        Assert.Equal(requirements.CudaMajor, int.Parse(tag.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(dockerfile.Stages, s => s.BaseImage == cuda);
        Assert.Contains(dockerfile.Runtime.Where("LABEL"), l => l.Arguments.Contains($"com.cloudfreq.cuda.major=\"{requirements.CudaMajor}\"", StringComparison.Ordinal));
        Assert.Equal("cuda", dockerfile.Runtime.Environment()["cloudfreq__executionProvider"]);
    }

    /// <summary>
    /// The Functions GPU image is not a CUDA image: it copies the libraries from the CUDA stage. Every library
    /// the CUDA provider asks for, and cuDNN, is picked there, and the runtime's loader path is where they land.
    /// </summary>
    [Fact]
    public void FunctionsGpuDockerfile_CopiesExactlyTheCudaLibrariesTheProviderLoads()
    {
        var dockerfile = Dockerfile.Load(FunctionsGpu);
        var (_, requirements) = OnnxRuntimeGpuFacts.Pinned();
        var cuda = dockerfile.StageNamed("cuda");

        var pick = Assert.Single(cuda.Where("RUN")).Arguments;
        var listed = Regex.Match(pick, @"for lib in ([^;]+); do").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var library in requirements.Libraries.Append($"libcudnn.so.{requirements.CudnnMajor}"))
        {
            Assert.Contains(library, listed);
        }

        // The rest of the list is only what cuDNN opens itself (NVRTC for its runtime-compiled engines).
        Assert.Equal([$"libnvrtc.so.{requirements.CudaMajor}"], listed.Except(requirements.Libraries).Except([$"libcudnn.so.{requirements.CudnnMajor}"]));
        Assert.Contains($"libcudnn_*.so.{requirements.CudnnMajor}*", pick, StringComparison.Ordinal);
        Assert.Contains("cp -P", pick, StringComparison.Ordinal);

        var copy = Assert.Single(dockerfile.Runtime.Where("COPY"), c => c.Arguments.StartsWith("--from=cuda ", StringComparison.Ordinal)).Arguments.Split(' ');
        Assert.Equal("/opt/cuda/lib/", copy[1]);
        Assert.Equal(copy[1].TrimEnd('/'), dockerfile.Runtime.Environment()["LD_LIBRARY_PATH"]);
        Assert.Equal("all", dockerfile.Runtime.Environment()["NVIDIA_VISIBLE_DEVICES"]);
        Assert.Contains("compute", dockerfile.Runtime.Environment()["NVIDIA_DRIVER_CAPABILITIES"], StringComparison.Ordinal);
    }

    /// <summary>What the build stages copy from the repository exists (a renamed file would break the image build only in Azure).</summary>
    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public void Dockerfile_BuildContextFiles_ExistInTheRepository(string file)
    {
        var dockerfile = Dockerfile.Load(Path.Combine(Images, file));
        var copies = dockerfile.Stages.SelectMany(s => s.Where("COPY")).Where(c => !c.Arguments.StartsWith("--from", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);

        foreach (var copy in copies)
        {
            var parts = copy.Arguments.Split(' ').Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            foreach (var source in parts[..^1])
            {
                Assert.True(Path.Exists(Path.Combine(InfraPaths.RepositoryRoot, source)), $"{file}: COPY {source}: not in the repository");
            }
        }
    }

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
    public void ServeGpuDockerfile_RuntimeStage_IsNonRootWithHealthCheck_AndTheAspNetRuntimeOfTheTargetFramework()
    {
        var dockerfile = Dockerfile.Load(ServeGpu);
        var runtime = dockerfile.Runtime.Body.ToList();

        // Non-root: the last USER of the runtime stage names a user other than root / 0, after the last RUN/COPY.
        var user = runtime.Last(i => i.Keyword == "USER").Arguments;
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user);
        Assert.True(runtime.FindLastIndex(i => i.Keyword == "USER") > runtime.FindLastIndex(i => i.Keyword is "RUN" or "COPY"), "USER comes after the last RUN/COPY");

        Assert.Contains(runtime, i => i.Keyword == "COPY" && i.Arguments.StartsWith($"--from=mcr.microsoft.com/dotnet/aspnet:{DotnetVersion()}-noble ", StringComparison.Ordinal));
        Assert.Contains(runtime, i => i.Keyword == "HEALTHCHECK" && i.Arguments.Contains("/api/health", StringComparison.Ordinal));
        Assert.Contains(runtime, i => i.Keyword == "EXPOSE" && i.Arguments.Split(' ').Contains("8080"));
        Assert.Contains(runtime, i => i.Keyword == "ENTRYPOINT" && i.Arguments == "[\"dotnet\", \"/app/cloudfreq.dll\"]");
        // The CUDA base is Ubuntu 24.04 (noble): the copied ASP.NET runtime must be built for the same release.
        Assert.EndsWith("-ubuntu24.04", dockerfile.Runtime.BaseImage, StringComparison.Ordinal);
    }

    [Fact]
    public void ServeGpuDockerfile_BuildStage_PublishesTheCliWithTheGpuBuildSwitch()
    {
        var dockerfile = Dockerfile.Load(ServeGpu);

        var publish = Assert.Single(dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/Cli/CloudFreq.Cli.csproj", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeGpu=true", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", publish.Arguments, StringComparison.Ordinal);
    }

    /// <summary>The switch the Dockerfiles use selects the GPU package (evaluated, since the package cannot be restored here).</summary>
    [Fact]
    public void GpuBuildSwitch_SelectsTheGpuPackage()
    {
        var core = Path.Combine(InfraPaths.RepositoryRoot, "src", "Core", "CloudFreq.Core.csproj");
        var (code, output) = InfraPaths.Run(InfraPaths.Dotnet, ["msbuild", core, "-nologo", "-p:OnnxRuntimeGpu=true", "-getItem:PackageReference"]);
        Assert.True(code == 0, output);

        var packages = JsonNode.Parse(output)!["Items"]!["PackageReference"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToList();
        Assert.Contains(OnnxRuntimeGpuFacts.GpuPackage, packages);
        Assert.DoesNotContain(OnnxRuntimeGpuFacts.CpuPackage, packages);
    }

    [Fact]
    public void Dockerfile_Parse_JoinsContinuationLines_SkipsComments_AndResolvesFromArgs()
    {
        var parsed = Dockerfile.FromText("# c\nARG BASE=img:1\nFROM ${BASE} AS b\nRUN x \\\n    && y\n# d\nENV A=1 \\\n    B=2\nUSER app\n");

        Assert.Equal(["ARG", "FROM", "RUN", "ENV", "USER"], parsed.Instructions.Select(i => i.Keyword));
        Assert.Equal("x && y", parsed.Instructions[2].Arguments);
        Assert.Equal("img:1", parsed.StageNamed("b").BaseImage);
        Assert.Equal("2", parsed.Runtime.Environment()["B"]);
        Assert.Throws<InvalidOperationException>(() => Dockerfile.FromText("FROM ${MISSING}\n"));
    }
}
