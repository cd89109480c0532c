using System.Net;
using System.Net.Sockets;
using Azure.Core;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// A token credential that records the scopes it is asked for and hands out a fake token, for tests of
/// the identity path (no account key, no connection string). Linked into the Cli tests as well.
/// </summary>
internal sealed class RecordingCredential : TokenCredential
{
    private readonly List<string> _scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    /// <summary>A loopback port nothing listens on: requests fail fast, and nothing leaves the machine.</summary>
    public static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken("fake-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
