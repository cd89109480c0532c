using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CloudFreq.Cli.Commands;

/// <summary>Calls the runs API; non-success answers become <see cref="RunsApiException"/> with the problem details' text.</summary>
internal sealed class RunsApiClient(HttpClient http, Uri baseUrl, string? apiKey)
{
    public async Task<JsonElement> StartAsync(byte[] spec, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(spec);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, "api/runs", content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunStatusResponse> StatusAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/runs/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return new RunStatusResponse(body, response.StatusCode == HttpStatusCode.Accepted, response.Headers.RetryAfter?.Delta);
    }

    public async Task CancelAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/runs/{Uri.EscapeDataString(id)}/cancel", null, cancellationToken).ConfigureAwait(false);
        await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<JsonElement> Runs, string? Next)> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var query = "api/runs?pageSize=" + pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var next = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.FirstOrDefault() : null;
        return ([.. body.GetProperty("runs").EnumerateArray()], next);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(method, new Uri(root, relative)) { Content = content };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("x-functions-key", apiKey);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RunsApiException(Describe(response.StatusCode, text));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>"404 Run not found: no run with id 'x'. (field: id)" from problem details, or the status and a short body.</summary>
    internal static string Describe(HttpStatusCode status, string body)
    {
        var code = (int)status;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var field = root.TryGetProperty("field", out var f) ? f.GetString() : null;
            if (title is not null || detail is not null)
            {
                return $"{code} {title}: {detail}" + (field is null ? string.Empty : $" (field: {field})");
            }
        }
        catch (JsonException)
        {
        }

        var shortBody = body.Length > 200 ? body[..200] + "..." : body;
        return $"{code} {status}" + (string.IsNullOrWhiteSpace(shortBody) ? string.Empty : ": " + shortBody);
    }
}

internal sealed record RunStatusResponse(JsonElement Body, bool InProgress, TimeSpan? RetryAfter);

internal sealed class RunsApiException(string message) : Exception(message);
