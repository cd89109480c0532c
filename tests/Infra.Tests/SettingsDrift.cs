using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudFreq.Functions.Composition;
using CloudFreq.Orchestrations.Hosting;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// Configuration drift between infra and code: every app setting the compiled ARM template gives the
/// Functions app must be a setting that the app (its worker or the Functions host) reads. The allowed
/// names come from the code and from host.json, never from a list kept beside the template:
/// <list type="bullet">
/// <item><c>cloudfreq__*</c>: the settable properties of the options classes the worker binds
/// (<see cref="WorkerHostOptions"/>, <see cref="WorkflowHostOptions"/>), under their <c>SectionName</c>;</item>
/// <item><c>AzureFunctionsJobHost__*</c>: overrides of host.json, so the rest of the name must be a
/// setting host.json itself sets (the host reads <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c>
/// as host.json's <c>extensions.durableTask.hubName</c>);</item>
/// <item><c>AzureWebJobsStorage__*</c>: the identity-based connection of <see cref="FunctionsStorage.Setting"/>
/// (accountName, or the three service URIs; credential and clientId for a user-assigned identity);</item>
/// <item>the few names read one by one: <see cref="StorageClientFactory.ClientIdSetting"/> and the
/// platform's own (<c>FUNCTIONS_WORKER_RUNTIME</c>, <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>,
/// <c>DOCKER_REGISTRY_SERVER_URL</c>).</item>
/// </list>
/// A connection string (<c>AzureWebJobsStorage</c> itself, or serve's <c>CLOUDFREQ_STORAGE</c>) must
/// never reach the deployment. Names compare case-insensitively, as .NET configuration keys do.
/// </summary>
public static partial class SettingsDrift
{
    /// <summary>The options classes the Functions app binds (FunctionsComposition), each under its <c>SectionName</c>.</summary>
    public static IReadOnlyList<Type> BoundOptions { get; } = [typeof(WorkerHostOptions), typeof(WorkflowHostOptions)];

    /// <summary>The identity-based connection's settings the Functions host and FunctionsStorage read (Learn, "Connecting to host storage with an identity").</summary>
    public static IReadOnlyList<string> IdentityConnectionProperties { get; } = ["accountName", "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>Settings that the platform or a library reads by exactly this name.</summary>
    public static IReadOnlySet<string> PlatformSettings { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "DOCKER_REGISTRY_SERVER_URL",
        StorageClientFactory.ClientIdSetting,
    };

    /// <summary>Settings the code reads, but that a deployment must never pass (connection strings carry account keys).</summary>
    public static IReadOnlySet<string> ForbiddenInDeployment { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        FunctionsStorage.Setting,
        StorageConnection.ConnectionStringKey,
    };

    public const string HostOverridePrefix = "AzureFunctionsJobHost__";

    /// <summary>Configuration keys (':' separated) the worker binds from its options classes.</summary>
    public static IReadOnlySet<string> WorkerKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var options in BoundOptions)
        {
            var section = (string)options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
            AddProperties(options, section, keys, depth: 0);
        }

        return keys;
    }

    /// <summary>The leaf settings of host.json (':' separated paths), the ones an <c>AzureFunctionsJobHost__</c> setting may override.</summary>
    public static IReadOnlySet<string> HostJsonKeys(JsonNode hostJson)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
            {
                foreach (var (key, value) in obj)
                {
                    Walk(value, path.Length == 0 ? key : $"{path}:{key}");
                }
            }
            else
            {
                keys.Add(path);
            }
        }

        Walk(hostJson, string.Empty);
        return keys;
    }

    public static JsonNode LoadHostJson() => JsonNode.Parse(File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, "host.json")))!;

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

    /// <summary>The configuration key an app setting maps to (<c>__</c> is the section separator).</summary>
    public static string ToConfigurationKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Why a setting name is not one the app reads, or null when it is.</summary>
    public static string? Problem(string name, IReadOnlySet<string> workerKeys, IReadOnlySet<string> hostJsonKeys)
    {
        if (ForbiddenInDeployment.Contains(name))
        {
            return $"{name}: a connection string must not reach the deployed app";
        }

        if (PlatformSettings.Contains(name))
        {
            return null;
        }

        if (name.StartsWith(HostOverridePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var key = ToConfigurationKey(name[HostOverridePrefix.Length..]);
            return hostJsonKeys.Contains(key) ? null : $"{name}: overrides {key}, which host.json does not set";
        }

        var storagePrefix = FunctionsStorage.Setting + "__";
        if (name.StartsWith(storagePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var property = name[storagePrefix.Length..];
            return IdentityConnectionProperties.Contains(property, StringComparer.OrdinalIgnoreCase)
                ? null
                : $"{name}: not a property of an identity-based connection ({string.Join(", ", IdentityConnectionProperties)})";
        }

        return workerKeys.Contains(ToConfigurationKey(name)) ? null : $"{name}: not a setting the app reads (configuration key {ToConfigurationKey(name)})";
    }

    /// <summary>The problems of a compiled template: unknown, forbidden or uncheckable setting names. Empty when in step with the code.</summary>
    public static IReadOnlyList<string> Check(JsonNode template)
    {
        var workerKeys = WorkerKeys();
        var hostJsonKeys = HostJsonKeys(LoadHostJson());
        var problems = new List<string>();
        foreach (var name in AppSettingNames(template, problems).Distinct(StringComparer.Ordinal))
        {
            if (Problem(name, workerKeys, hostJsonKeys) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>
    /// Every app setting name in the template (<c>siteConfig.appSettings</c>, and containers' <c>env</c> should a
    /// container app come back), nested module templates included. A list that is an ARM expression is resolved
    /// through the template's variables and its <c>createObject('name', '...')</c> calls; a name that is not a
    /// literal is a problem.
    /// </summary>
    public static IReadOnlyList<string> AppSettingNames(JsonNode template, List<string>? problems = null)
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

                    if (key == "appSettings")
                    {
                        Collect(value, template, names, problems, depth: 0);
                    }
                    else if (key == "containers" && value is JsonArray containers)
                    {
                        foreach (var env in containers.OfType<JsonObject>().Select(c => c["env"]).OfType<JsonNode>())
                        {
                            Collect(env, template, names, problems, depth: 0);
                        }
                    }

                    Walk(value, template, names, problems);
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    Walk(item, currentTemplate, names, problems);
                }

                break;
        }
    }

    private static void Collect(JsonNode settings, JsonNode template, List<string> names, List<string> problems, int depth)
    {
        if (depth > 8)
        {
            problems.Add("app settings nested too deep to check");
            return;
        }

        if (settings is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var name = entry["name"]?.GetValue<string>();
                if (name is null || name.StartsWith('['))
                {
                    problems.Add($"setting with a computed name ({entry["name"]?.ToJsonString()}): cannot be checked");
                }
                else
                {
                    names.Add(name);
                }
            }

            return;
        }

        var expression = settings.GetValue<string>();
        foreach (Match match in VariableReference().Matches(expression))
        {
            var variable = template["variables"]?[match.Groups[1].Value];
            if (variable is null)
            {
                problems.Add($"app settings: variable {match.Groups[1].Value} not found");
            }
            else if (variable is JsonArray || (variable is JsonValue && variable.GetValue<string>().StartsWith('[')))
            {
                Collect(variable, template, names, problems, depth + 1);
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
                problems.Add($"setting with a computed name ({token}): cannot be checked");
            }
        }
    }

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"createObject\('name',\s*([^,]+),")]
    private static partial Regex CreateObjectName();
}
