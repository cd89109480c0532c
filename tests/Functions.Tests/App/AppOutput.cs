using System.Reflection;
using System.Text.Json;

namespace CloudFreq.Functions.Tests.App;

/// <summary>The Functions app's build output (src/Functions/bin/CONFIG/net10.0), where the SDK writes functions.metadata and extensions.json.</summary>
internal static class AppOutput
{
    public static string Directory { get; } = Locate();

    public static JsonDocument Read(string file)
    {
        var path = Path.Combine(Directory, file);
        Assert.True(File.Exists(path), $"{path} is missing: the Functions SDK writes it when src/Functions builds.");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    private static string Locate()
    {
        var configuration = typeof(AppOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CloudFreq.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        return Path.Combine(folder.FullName, "src", "Functions", "bin", configuration, "net10.0");
    }
}
