using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace CloudFreq.Functions.Composition;

/// <summary>Puts host.json first among the configuration sources, so environment variables override it.</summary>
internal static class HostJsonSource
{
    public static void AddTo(IConfigurationManager configuration, string path)
    {
        if (!File.Exists(path))
        {
            // The Functions host refuses to start without host.json; a missing copy only means defaults here.
            return;
        }

        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
    }
}
