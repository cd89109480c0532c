using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.EndToEnd.Tests;

/// <summary>
/// The HTTP path end to end: two `cloudfreq serve` hosts on one task hub (API and worker, and a second
/// worker) on Azurite, a run started with
/// `cloudfreq runs start` over blobs uploaded beforehand, followed with `cloudfreq runs wait`, its
/// CSV report fetched over HTTP and equal to a local evaluate; the API key is enforced.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpApiTests(AzuriteFixture azurite)
{
    private const string Key = "e2e-key-3f9a";

    [Fact]
    public async Task RunsStartAndWait_OverHttp_CompletesAndServesTheReport()
    {
        using var harness = new CloudHarness(azurite, AzuriteFixture.UniqueName("http"), 20);
        await harness.UploadBlobsAsync();
        var url = $"http://127.0.0.1:{FreePort()}";
        harness.StartWorker(role: "all", urls: url, apiKey: Key);
        harness.StartWorker(role: "worker");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForHealthAsync(http, harness);

        var specPath = Path.Combine(harness.Root, "spec.json");
        await File.WriteAllTextAsync(specPath, JsonSerializer.Serialize(new
        {
            datasets = new[] { new { path = $"datasets/{harness.DatasetName}" } },
            models = new[] { new { path = $"models/{CloudHarness.Model}.onnx" } },
            suite = "frequency",
            itemSize = 50,
        }));
        var environment = new Dictionary<string, string> { ["CLOUDFREQ_API_KEY"] = Key };
        var started = await CloudfreqProcess.RunAsync(["runs", "start", specPath, "--url", url], TimeSpan.FromMinutes(1), environment);
        var runId = started.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var waited = await CloudfreqProcess.RunAsync(["runs", "wait", runId, "--url", url, "--interval", "00:00:01", "--timeout", "00:04:00"], TimeSpan.FromMinutes(5), environment);
        Assert.Contains("Completed", waited, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/report?format=csv");
        request.Headers.Add("x-functions-key", Key);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        CloudRunTests.AssertSameRows(await harness.LocalResultsAsync("frequency", 50), await response.Content.ReadAsStringAsync());

        // Without the key, or with a wrong one: 401 problem details, never the data.
        using var anonymous = await http.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var wrong = await http.GetAsync($"/api/runs/{runId}?code=not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    private static async Task WaitForHealthAsync(HttpClient http, CloudHarness harness)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the host never became healthy:\n" + harness.WorkerLogs());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
