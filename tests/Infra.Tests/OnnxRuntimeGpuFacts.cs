using System.Xml.Linq;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// What the GPU images must carry for ONNX Runtime's CUDA provider, per package version. The package is
/// never restored here (DESIGN.md section 2), so the facts are recorded: `ldd libonnxruntime_providers_cuda.so`
/// of Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 asks for libcudart.so.13, libcublas.so.13,
/// libcublasLt.so.13 and libcurand.so.10; ONNX Runtime's CUDA builds since 1.18.1 need cuDNN 9
/// (CUDA execution provider requirements; its CUDA 13 builds use cuDNN 9.x). A version bump in
/// Directory.Packages.props without an entry here fails the image tests, so the images get looked at.
/// </summary>
internal static class OnnxRuntimeGpuFacts
{
    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu.Linux";

    public static IReadOnlyDictionary<string, Requirements> ByVersion { get; } = new Dictionary<string, Requirements>
    {
        ["1.32.0"] = new(CudaMajor: 13, CudnnMajor: 9, Libraries: ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10"]),
    };

    /// <summary>The version of a package in Directory.Packages.props.</summary>
    public static string PackageVersion(string package)
    {
        var props = XDocument.Load(Path.Combine(InfraPaths.RepositoryRoot, "Directory.Packages.props"));
        var entry = props.Descendants("PackageVersion").SingleOrDefault(e => (string?)e.Attribute("Include") == package)
            ?? throw new InvalidOperationException($"Directory.Packages.props has no PackageVersion for {package}");
        return (string)entry.Attribute("Version")!;
    }

    /// <summary>The requirements of the GPU package version the repository pins.</summary>
    public static (string Version, Requirements Requirements) Pinned()
    {
        var version = PackageVersion(GpuPackage);
        return ByVersion.TryGetValue(version, out var requirements)
            ? (version, requirements)
            : throw new InvalidOperationException(
                $"{GpuPackage} {version} (Directory.Packages.props) has no recorded CUDA facts: run ldd on its runtimes/linux-x64/native/libonnxruntime_providers_cuda.so, "
                + "read the release notes for the cuDNN major, add the entry to OnnxRuntimeGpuFacts and update the GPU Dockerfiles.");
    }

    internal sealed record Requirements(int CudaMajor, int CudnnMajor, IReadOnlyList<string> Libraries);
}
