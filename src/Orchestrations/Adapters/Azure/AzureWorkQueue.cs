using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// <see cref="IWorkQueue"/> over Azure Queue Storage. Bodies travel as base64 of their UTF-8 bytes,
/// the encoding Event Grid uses for its deliveries to storage queues, so an Event Grid event and a
/// message of this class read the same. <see cref="ReceiveAsync"/> decodes a body that is valid
/// base64 of UTF-8 text and passes any other body through as it is (plain-text messages written by
/// other tools). The <see cref="QueueClient"/> must use <see cref="QueueMessageEncoding.None"/>
/// (<see cref="AzureStorageClients.QueueOptions"/>): this class does the encoding.
/// </summary>
public sealed class AzureWorkQueue : IWorkQueue
{
    /// <summary>Azure's limit on messages fetched by one receive call.</summary>
    public const int MaxReceiveBatch = 32;

    /// <summary>The largest body in UTF-8 bytes: its base64 fills Azure's 64 KiB message limit.</summary>
    public const int MaxBodyBytes = 48 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly QueueClient client;

    public AzureWorkQueue(QueueClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    public string Name => client.Name;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) =>
        client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        CheckBody(body);
        await client.SendMessageAsync(Encode(body), visibilityTimeout: delay is { } d && d > TimeSpan.Zero ? RoundUp(d) : null, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        var response = await client.ReceiveMessagesAsync(Math.Min(maxMessages, MaxReceiveBatch), RoundUp(visibility, minimum: 1), cancellationToken)
            .ConfigureAwait(false);
        return [.. response.Value.Select(m => new QueueMessageLease(m.MessageId, m.PopReceipt, Decode(m.Body.ToString()), m.DequeueCount, m.InsertedOn))];
    }

    public async Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await client.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsLostLease(e))
        {
            // The lease expired and someone else received the message (or it is gone): theirs now.
        }
    }

    public async Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            // No message text: the body stays as it is, only the visibility changes.
            var response = await client.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, message: (BinaryData?)null, RoundUp(visibility), cancellationToken)
                .ConfigureAwait(false);
            return lease with { PopReceipt = response.Value.PopReceipt };
        }
        catch (RequestFailedException e) when (IsLostLease(e))
        {
            return null;
        }
    }

    public async Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        var properties = await client.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }

    /// <summary>Throws when <paramref name="body"/> is null or longer than a queue message may be (<see cref="MaxBodyBytes"/>).</summary>
    public static void CheckBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = Encoding.UTF8.GetByteCount(body);
        if (bytes > MaxBodyBytes)
        {
            throw new ArgumentException($"a queue message holds at most {MaxBodyBytes} bytes of UTF-8 text; this one has {bytes}: put large payloads in a blob and send its name.", nameof(body));
        }
    }

    /// <summary>The text written for <paramref name="body"/>: base64 of its UTF-8 bytes.</summary>
    public static string Encode(string body) => Convert.ToBase64String(Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// The body of a received message text: the decoded text when <paramref name="text"/> is valid
    /// base64 of UTF-8 text (this class's messages, Event Grid's base64 JSON), otherwise the text as it is.
    /// </summary>
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || !Base64.IsValid(text.AsSpan(), out var length))
        {
            return text;
        }

        var bytes = new byte[length];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            return text;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }

        // Text, not binary: control characters other than line breaks and tabs mean the body was never base64 of text.
        return decoded.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) ? text : decoded;
    }

    private static bool IsLostLease(RequestFailedException e) =>
        e.Status == 404 || (e.Status == 400 && e.ErrorCode == QueueErrorCode.PopReceiptMismatch);

    /// <summary>Queue Storage counts visibility in whole seconds: round up so a lease is never shorter than asked.</summary>
    private static TimeSpan RoundUp(TimeSpan value, int minimum = 0)
    {
        var seconds = Math.Max(minimum, (long)Math.Ceiling(Math.Max(0, value.TotalSeconds)));
        return TimeSpan.FromSeconds(seconds);
    }
}
