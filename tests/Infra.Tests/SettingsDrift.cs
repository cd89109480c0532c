using CloudFreq.Orchestrations.Hosting;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Serve.SelfHost;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// Configuration drift between infra and code: the environment variables that the compiled ARM
/// template passes to the containers must be settings that the host actually reads. The allowed set
/// is built from the code by reflection: every public settable property of the options classes that
/// <see cref="CloudHost"/> binds, under its <c>SectionName</c>, nested option objects included (an
/// environment variable <c>extensions__durableTask__storageProvider__partitionCount</c> is the
/// configuration key <c>extensions:durableTask:storageProvider:partitionCount</c>), and the key constants
/// of the settings read one by one. Configuration keys are case-insensitive in .NET, and so is the comparison.
/// </summary>
public static partial class SettingsDrift
{
    /// <summary>Variables read by libraries, not by CloudFreq's own code: OpenTelemetry's exporter, Azure Monitor, the ASP.NET Core / .NET hosts.</summary>
    public static readonly IReadOnlyList<string> PlatformPrefixes = ["OTEL_", "APPLICATIONINSIGHTS_", "ASPNETCORE_", "DOTNET_"];

    /// <summary>Settings the host binds, but that a deployment must never pass (no connection strings, no keys).</summary>
    public static IReadOnlySet<string> ForbiddenInDeployment { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        StorageConnection.ConnectionStringKey,
    };

    /// <summary>Configuration keys (':' separated) the host reads.</summary>
    public static IReadOnlySet<string> AllowedKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var options in BoundOptions)
        {
            var section = (string)options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
            AddProperties(options, section, keys, depth: 0);
        }

        // StorageConnection's *Key constants; the others by name. TelemetrySetup is internal: read by reflection.
        keys.UnionWith(StringConstants(typeof(StorageConnection)).Where(f => f.Name.EndsWith("Key", StringComparison.Ordinal)).Select(f => f.Value));
        keys.Add(StorageClientFactory.ClientIdSetting);
        keys.Add(ApiKeySettings.SettingName);
        keys.Add(CloudHost.ShutdownTimeoutKey);
        var telemetry = typeof(CloudHost).Assembly.GetType("CloudFreq.Cli.Serve.Observability.TelemetrySetup", throwOnError: true)!;
        keys.UnionWith(StringConstants(telemetry).Where(f => f.Name.EndsWith("Key", StringComparison.Ordinal)).Select(f => f.Value));
        return keys;
    }

    /// <summary>The options classes <see cref="CloudHost.Build"/> binds from configuration, each under its <c>SectionName</c>.</summary>
    public static IReadOnlyList<Type> BoundOptions { get; } = [typeof(DurableHostOptions), typeof(WorkflowHostOptions), typeof(WorkerHostOptions)];

    /// <summary>Leaf settings are the settable properties of simple type; a settable property of a class type is a subsection.</summary>
    private static void AddProperties(Type options, string prefix, HashSet<string> keys, int depth)
    {
        if (depth > 4)
        {
            throw new InvalidOperationException($"{options}: options nested too deep");
        }

        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{prefix}:{property.Name}";
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsClass && type != typeof(string))
            {
                AddProperties(type, key, keys, depth + 1);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>The configuration key an environment variable maps to (<c>__</c> is the section separator).</summary>
    public static string ToConfigurationKey(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>The problems of a compiled template: unknown, forbidden or uncheckable setting names. Empty when in step with the code.</summary>
    public static IReadOnlyList<string> Check(JsonNode template)
    {
        var allowed = AllowedKeys();
        var problems = new List<string>();
        foreach (var name in EnvironmentNames(template, problems).Distinct(StringComparer.Ordinal))
        {
            if (ForbiddenInDeployment.Contains(name))
            {
                problems.Add($"{name}: a connection string must not reach the deployed apps");
            }
            else if (!allowed.Contains(ToConfigurationKey(name)) && !PlatformPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                problems.Add($"{name}: not a setting the host binds (configuration key {ToConfigurationKey(name)})");
            }
        }

        return problems;
    }

    /// <summary>
    /// Every environment variable name in the containers of the template (nested module templates
    /// included). An <c>env</c> that is an ARM expression is resolved through the template's
    /// variables and its <c>createObject('name', '...')</c> calls; a name that is not a literal is a problem.
    /// </summary>
    public static IReadOnlyList<string> EnvironmentNames(JsonNode template, List<string>? problems = null)
    {
        problems ??= [];
        var names = new List<string>();
        Walk(template, template, names, problems);
        return names;
    }

    private static void Walk(JsonNode node, JsonNode currentTemplate, List<string> names, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                // A nested deployment's template has its own variables.
                var template = obj["$schema"] is not null && obj["resources"] is not null ? obj : currentTemplate;
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (key == "containers" && value is JsonArray containers)
                    {
                        foreach (var container in containers.OfType<JsonObject>())
                        {
                            if (container["env"] is { } env)
                            {
                                CollectEnv(env, template, names, problems, depth: 0);
                            }
                        }
                    }

                    Walk(value, template, names, problems);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Walk(item, currentTemplate, names, problems);
                    }
                }

                break;
        }
    }

    private static void CollectEnv(JsonNode env, JsonNode template, List<string> names, List<string> problems, int depth)
    {
        if (depth > 8)
        {
            problems.Add("env: variables nested too deep to check");
            return;
        }

        if (env is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var name = entry["name"]?.GetValue<string>();
                if (name is null || name.StartsWith('['))
                {
                    problems.Add($"env entry with a computed name ({entry["name"]?.ToJsonString()}): cannot be checked");
                }
                else
                {
                    names.Add(name);
                }
            }

            return;
        }

        var expression = env.GetValue<string>();
        foreach (Match match in VariableReference().Matches(expression))
        {
            var variable = template["variables"]?[match.Groups[1].Value];
            if (variable is null)
            {
                problems.Add($"env: variable {match.Groups[1].Value} not found");
            }
            else
            {
                CollectEnv(variable, template, names, problems, depth + 1);
            }
        }

        foreach (Match match in CreateObjectName().Matches(expression))
        {
            var token = match.Groups[1].Value.Trim();
            if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
            {
                names.Add(token[1..^1]);
            }
            else
            {
                problems.Add($"env entry with a computed name ({token}): cannot be checked");
            }
        }
    }

    private static IEnumerable<(string Name, string Value)> StringConstants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!));

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"createObject\('name',\s*([^,]+),")]
    private static partial Regex CreateObjectName();
}
