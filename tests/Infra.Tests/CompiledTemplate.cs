using System.Text.Json.Nodes;

namespace CloudFreq.Infra.Tests;

/// <summary>infra/main.bicep compiled once (bicep build) for the tests that read the ARM template.</summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        var (code, output) = InfraPaths.Run(InfraPaths.BicepPath, ["build", "infra/main.bicep", "--stdout"]);
        Assert.True(code == 0, output);
        Json = output;
        Template = JsonNode.Parse(output)!;
    }

    public string Json { get; }

    public JsonNode Template { get; }

    /// <summary>The nested template of module <paramref name="deploymentName"/> (Microsoft.Resources/deployments).</summary>
    public JsonObject Module(string deploymentName) =>
        Template["resources"]!.AsArray().OfType<JsonObject>()
            .Single(r => r["type"]?.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]?.GetValue<string>() == deploymentName)
            ["properties"]!["template"]!.AsObject();

    /// <summary>The resources of a module's template with the given type.</summary>
    public IReadOnlyList<JsonObject> Resources(string deploymentName, string type) =>
        [.. Module(deploymentName)["resources"]!.AsArray().OfType<JsonObject>().Where(r => r["type"]?.GetValue<string>() == type)];
}
