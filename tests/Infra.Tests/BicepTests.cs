using System.Text.RegularExpressions;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// CI's Bicep gate: every .bicep file under infra/ builds and lints, every .bicepparam file builds,
/// with warnings treated as errors (infra/bicepconfig.json raises the analyzer rules to error level,
/// and any "Warning" or "Error" diagnostic in the output fails the test).
/// </summary>
public partial class BicepTests
{
    /// <summary>The environment the parameter files are built under: the deployment's variables unset, so their defaults apply.</summary>
    internal static readonly Dictionary<string, string?> ParamEnvironment = new()
    {
        ["CLOUDFREQ_FUNCTIONS_IMAGE"] = null,
        ["CLOUDFREQ_SUBSCRIBE_UPLOADS"] = null,
        ["CLOUDFREQ_REPLICAS"] = null,
        ["CLOUDFREQ_OPERATOR_ID"] = null,
    };

    public static TheoryData<string> BicepFiles() => [.. InfraPaths.BicepFiles().Select(InfraPaths.Relative)];

    public static TheoryData<string> ParamFiles() => [.. InfraPaths.BicepParamFiles().Select(InfraPaths.Relative)];

    [Fact]
    public void Infra_HasTheMainTemplateItsModulesAndBothParameterFiles()
    {
        var bicep = InfraPaths.BicepFiles().Select(InfraPaths.Relative).ToList();
        var param = InfraPaths.BicepParamFiles().Select(InfraPaths.Relative).ToList();

        Assert.Contains("infra/main.bicep", bicep);
        Assert.True(bicep.Count(f => f.StartsWith("infra/modules/", StringComparison.Ordinal)) >= 5, string.Join(", ", bicep));
        Assert.Equal(["infra/parameters/dev.bicepparam", "infra/parameters/prod.bicepparam"], param);
        Assert.True(File.Exists(Path.Combine(InfraPaths.InfraDirectory, "bicepconfig.json")));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Build_EveryBicepFile_CompilesWithoutDiagnostics(string file)
    {
        var outDir = Directory.CreateTempSubdirectory("cloudfreq-bicep-");
        try
        {
            var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["build", file, "--outdir", outDir.FullName]);

            AssertClean(code, output, $"bicep build {file}");
            Assert.Single(outDir.GetFiles("*.json"));
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lint_EveryBicepFile_HasNoWarnings(string file)
    {
        var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["lint", file]);

        AssertClean(code, output, $"bicep lint {file}");
    }

    [Theory]
    [MemberData(nameof(ParamFiles))]
    public void BuildParams_EveryParameterFile_CompilesWithoutDiagnostics(string file)
    {
        var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["build-params", file, "--stdout"], ParamEnvironment);

        AssertClean(code, output, $"bicep build-params {file}");
        Assert.Contains("parametersJson", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParamFiles))]
    public void Lint_EveryParameterFile_HasNoWarnings(string file)
    {
        var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["lint", file], ParamEnvironment);

        AssertClean(code, output, $"bicep lint {file}");
    }

    /// <summary>The gate itself: a file with an unused parameter under infra's bicepconfig.json fails lint.</summary>
    [Fact]
    public void Lint_UnusedParameter_FailsUnderTheProjectsConfig()
    {
        var dir = Directory.CreateTempSubdirectory("cloudfreq-bicep-gate-");
        try
        {
            File.Copy(Path.Combine(InfraPaths.InfraDirectory, "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            var file = Path.Combine(dir.FullName, "bad.bicep");
            File.WriteAllText(file, "param unused string\noutput answer int = 42\n");

            var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["lint", file]);

            Assert.NotEqual(0, code);
            Assert.Matches(DiagnosticPattern(), output);
            Assert.Contains("no-unused-params", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static void AssertClean(int exitCode, string output, string what)
    {
        Assert.True(exitCode == 0, $"{what} exited with {exitCode}:\n{output}");
        Assert.False(DiagnosticPattern().IsMatch(output), $"{what} reported diagnostics:\n{output}");
    }

    /// <summary>Bicep's diagnostic lines: "path(line,col) : Warning code: message" (or Error, Info).</summary>
    [GeneratedRegex(@"\((\d+),(\d+)\)\s*:\s*(Warning|Error|Info)\b|\b(Warning|Error) BCP\d+")]
    private static partial Regex DiagnosticPattern();
}
