using System.Net;
using System.Security.Cryptography;
using System.Text;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve;

/// <summary>
/// The API key, as for Azure Functions: header <c>x-functions-key</c> or query <c>code</c>, compared in
/// constant time with <c>CLOUDFREQ_API_KEY</c>. Every endpoint but <c>/api/health</c> needs it. With no key
/// configured, only loopback requests in the Development environment are served.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeySettings settings, IHostEnvironment environment, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(CloudHost.HealthPath))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (!settings.IsConfigured)
        {
            if (environment.IsDevelopment() && IsLoopback(context.Connection.RemoteIpAddress))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            logger.LogWarning("Refused {Method} {Path} from {Remote}: no API key configured", context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "api-key-not-configured", "API key not configured",
                $"this host has no API key ({ApiKeySettings.SettingName}); without one it serves only loopback requests in the Development environment.",
                HeaderName).ConfigureAwait(false);
            return;
        }

        var presented = context.Request.Headers[HeaderName].FirstOrDefault() ?? context.Request.Query[QueryName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "api-key-missing", "API key required",
                $"send the API key in the '{HeaderName}' header or the '{QueryName}' query parameter.", HeaderName).ConfigureAwait(false);
            return;
        }

        if (!settings.Matches(presented))
        {
            logger.LogWarning("Refused {Method} {Path} from {Remote}: wrong API key", context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "api-key-invalid", "API key invalid",
                "the API key does not match.", HeaderName).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

/// <summary>The configured API key, kept as its SHA-256 hash.</summary>
public sealed class ApiKeySettings
{
    public const string SettingName = "CLOUDFREQ_API_KEY";

    private readonly byte[]? _hash;

    public ApiKeySettings(string? key)
    {
        _hash = string.IsNullOrEmpty(key) ? null : Hash(key);
    }

    public bool IsConfigured => _hash is not null;

    /// <summary>Constant-time comparison of equal-length hashes of the UTF-8 bytes.</summary>
    public bool Matches(string presented) =>
        _hash is not null && CryptographicOperations.FixedTimeEquals(_hash, Hash(presented));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
