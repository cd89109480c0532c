using CloudFreq.Cli.Serve;
using CloudFreq.Core;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.Extensions.Configuration;

namespace CloudFreq.Cli.Tests.Serve.Hosting;

public class WorkerHostOptionsTests
{
    private static string RepositoryHostJson()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "host.json");
            if (File.Exists(Path.Combine(dir.FullName, "CloudFreq.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("host.json beside CloudFreq.sln not found");
    }

    [Fact]
    public void ReadWorkerOptions_RepositoryHostJson_BindsValidSettings()
    {
        var options = HostJsonConfiguration.ReadWorkerOptions(RepositoryHostJson());

        var scoring = options.ToScoringOptions();
        Assert.Equal(ExecutionProviderKind.Cpu, scoring.Provider.Kind);
        Assert.True(scoring.BatchSize > 0);
        Assert.True(options.ModelSessionCacheSize > 0);
    }

    [Fact]
    public void RepositoryHostJson_DurableAndWorkflowSections_BindValidSettings()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonFile(RepositoryHostJson()).Build();
        var durable = new CloudFreq.Cli.Serve.SelfHost.DurableHostOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(CloudFreq.Cli.Serve.SelfHost.DurableHostOptions.SectionName), durable);
        durable.Validate();
        Assert.Equal(("cloudfreq", 4, 1), (durable.HubName, durable.StorageProvider.PartitionCount, durable.MaxConcurrentActivityFunctions));
        Assert.Equal(TimeSpan.FromMinutes(5), durable.StorageProvider.WorkItemQueueVisibilityTimeout);

        var workflow = new CloudFreq.Orchestrations.Hosting.WorkflowHostOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(CloudFreq.Orchestrations.Hosting.WorkflowHostOptions.SectionName), workflow);
        Assert.Equal(new Orchestrations.Workflow.WorkflowSettings(16, 5, 5, 500), workflow.ToSettings());
    }

    [Fact]
    public void ReadWorkerOptions_ValuesFromFile_OverrideDefaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "cloudfreq": { "executionProvider": "cuda:1", "batchSize": 17, "intraOpThreads": 1 } }""");
        try
        {
            var scoring = HostJsonConfiguration.ReadWorkerOptions(path).ToScoringOptions();
            Assert.Equal(new ExecutionProvider(ExecutionProviderKind.Cuda, 1), scoring.Provider);
            Assert.Equal(17, scoring.BatchSize);
            Assert.Equal(1, scoring.IntraOpThreads);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("gpu", 64, "gpu")]
    [InlineData("cpu", 0, "batchSize")]
    public void ToScoringOptions_InvalidValue_NamesTheSetting(string provider, int batchSize, string expected)
    {
        var options = new WorkerHostOptions { ExecutionProvider = provider, BatchSize = batchSize };
        var error = Assert.Throws<CloudFreqException>(options.ToScoringOptions);
        Assert.Contains(expected, error.Message);
    }
}
