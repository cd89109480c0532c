using Microsoft.Extensions.Configuration;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>Reads host.json (the worker host's settings file at the repository root) into configuration.</summary>
public static class HostJsonConfiguration
{
    public static WorkerHostOptions ReadWorkerOptions(string hostJsonPath)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(hostJsonPath), optional: false)
            .AddEnvironmentVariables()
            .Build();
        var options = new WorkerHostOptions();
        configuration.GetSection(WorkerHostOptions.SectionName).Bind(options);
        return options;
    }
}
