using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Store.Queues;
using QueueMessage = OrderCancellation.Store.Queues.QueueMessage;

namespace OrderCancellation.Api.Feeds.Queues;

/// <summary>
/// <see cref="IQueueTransport"/> over the Azure Storage queue service through the SDK (<c>Azure.Storage.Queues</c>).
/// Bodies are base64-encoded UTF-8 on the wire (<see cref="QueueMessageEncoding.Base64"/>), as the Azure Functions
/// queue trigger expects (host.json <c>messageEncoding</c> default). The SDK retries transient failures
/// (<see cref="AzureStorageQueueOptions"/>); a retried Put Message may enqueue twice (at-least-once), which feed
/// processing absorbs by idempotency keys.
/// <para>
/// A received message that is not base64 (a producer that skipped the encoding) is moved at once to the queue's
/// <c>-poison</c> queue, as the Functions host does, instead of being returned: its text is put there base64-encoded
/// (as it is when too long for that), then the original is deleted.
/// </para>
/// </summary>
public sealed partial class AzureStorageQueueTransport : IQueueTransport
{
    /// <summary>
    /// The service version we speak: the newest that Azurite 3.37 (tools/azurite) accepts without
    /// <c>--skipApiVersionCheck</c>; the SDK's default (2026-10-06) is refused by it.
    /// </summary>
    public const QueueClientOptions.ServiceVersion ServiceVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>The service's limit on <c>MessageText</c> (after base64: about 48 KiB of UTF-8 body).</summary>
    public const int MaxEncodedMessageLength = 64 * 1024;

    /// <summary>Where a message that cannot be decoded goes: <c>{queue}-poison</c>, the Functions host's name.</summary>
    public const string PoisonQueueSuffix = "-poison";

    private const int MaxVisibilitySeconds = 7 * 24 * 3600;

    private static readonly string PopReceiptMismatch = QueueErrorCode.PopReceiptMismatch.ToString();
    private static readonly string MessageNotFound = QueueErrorCode.MessageNotFound.ToString();

    private readonly QueueServiceClient _service;
    private readonly QueueServiceClient _plainService;
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <param name="connectionString">
    /// An Azure Storage connection string, parsed by the SDK: account key, SAS, or <c>UseDevelopmentStorage=true</c>
    /// (Azurite's well-known account on <c>http://127.0.0.1:10001/devstoreaccount1</c>).
    /// </param>
    /// <exception cref="FormatException">The connection string is not usable (the SDK's message never shows the key).</exception>
    public AzureStorageQueueTransport(string connectionString, AzureStorageQueueOptions? options = null, ILogger<AzureStorageQueueTransport>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new AzureStorageQueueOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;

        var clientOptions = ClientOptions(options, QueueMessageEncoding.Base64);
        clientOptions.MessageDecodingFailed += PoisonUndecodableAsync;
        _service = new QueueServiceClient(connectionString, clientOptions);
        _plainService = new QueueServiceClient(connectionString, ClientOptions(options, QueueMessageEncoding.None));
    }

    /// <summary>The queue service root, e.g. <c>https://acct.queue.core.windows.net/</c>.</summary>
    public Uri QueueEndpoint => _service.Uri;

    public string AccountName => _service.AccountName;

    /// <summary>Parses <paramref name="connectionString"/> as the transport will, without sending anything.</summary>
    /// <exception cref="FormatException">It is not usable.</exception>
    public static void ValidateConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _ = new QueueServiceClient(connectionString, new QueueClientOptions(ServiceVersion));
    }

    /// <summary>Create Queue; a queue that exists already is fine.</summary>
    public async Task CreateIfNotExistsAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        var created = await Queue(queueName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        QueueLog.QueueCreated(_logger, queueName, created is not null);
    }

    /// <summary>Put Message with the body base64-encoded; default visibility (now) and time-to-live (7 days).</summary>
    /// <exception cref="ArgumentException">The encoded body exceeds <see cref="MaxEncodedMessageLength"/>.</exception>
    public async Task SendAsync(string queueName, string body, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentNullException.ThrowIfNull(body);
        var encodedLength = EncodedLength(body);
        if (encodedLength > MaxEncodedMessageLength)
        {
            throw new ArgumentException(
                $"The message is {encodedLength} characters in base64; Azure Storage queue messages hold at most {MaxEncodedMessageLength}. Store large content elsewhere and enqueue its id.",
                nameof(body));
        }

        await Queue(queueName).SendMessageAsync(body, cancellationToken);
    }

    /// <summary>Get Messages: up to 32 at once; <paramref name="visibilityTimeout"/> is rounded up to whole seconds (1 s – 7 days).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var seconds = (long)Math.Ceiling(visibilityTimeout.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1, nameof(visibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxVisibilitySeconds, nameof(visibilityTimeout));

        var received = await Queue(queueName).ReceiveMessagesAsync(maxMessages, TimeSpan.FromSeconds(seconds), cancellationToken);
        return received.Value.Select(m => new QueueMessage(
            queueName,
            m.MessageId,
            m.PopReceipt,
            m.Body.ToString(),
            checked((int)m.DequeueCount),
            m.InsertedOn ?? throw new InvalidOperationException($"Message {m.MessageId} on '{queueName}' came without its insertion time."))).ToList();
    }

    /// <summary>
    /// Update Message without a body: only the visibility moves, to <paramref name="visibilityTimeout"/> from now (rounded up
    /// to whole seconds, at most 7 days), and the message comes back with the new pop receipt. Null when the receipt no
    /// longer holds (<c>PopReceiptMismatch</c>, 400, or <c>MessageNotFound</c>, 404); other failures throw. A retry whose
    /// lost first attempt was applied finds the receipt replaced and reports it lost too: the message then reappears once
    /// that extension ends, and its redelivery finds the feed already done.
    /// </summary>
    public async Task<QueueMessage?> ExtendAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateQueueName(message.QueueName);
        var seconds = (long)Math.Ceiling(visibilityTimeout.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 0, nameof(visibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxVisibilitySeconds, nameof(visibilityTimeout));
        try
        {
            UpdateReceipt receipt = await Queue(message.QueueName).UpdateMessageAsync(
                message.MessageId, message.PopReceipt, messageText: null, visibilityTimeout: TimeSpan.FromSeconds(seconds), cancellationToken: cancellationToken);
            return message with { PopReceipt = receipt.PopReceipt };
        }
        catch (RequestFailedException e) when (IsLostReceipt(e))
        {
            QueueLog.LostReceipt(_logger, "extended", message.QueueName, message.MessageId, e.ErrorCode!);
            return null;
        }
    }

    /// <summary>
    /// Delete Message with its pop receipt. False when the receipt no longer holds: the message became visible again and
    /// someone else received it (<c>PopReceiptMismatch</c>, 400), or it is gone (<c>MessageNotFound</c>, 404). Other
    /// failures throw, <c>QueueNotFound</c> included. A retry whose lost first attempt was applied finds the message gone
    /// and returns false although this call deleted it; either way nobody holds it any more.
    /// </summary>
    public async Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateQueueName(message.QueueName);
        try
        {
            await Queue(message.QueueName).DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (IsLostReceipt(e))
        {
            QueueLog.LostReceipt(_logger, "deleted", message.QueueName, message.MessageId, e.ErrorCode!);
            return false;
        }
    }

    private static QueueClientOptions ClientOptions(AzureStorageQueueOptions options, QueueMessageEncoding encoding)
    {
        var clientOptions = new QueueClientOptions(ServiceVersion) { MessageEncoding = encoding };
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        if (options.Transport is not null)
        {
            clientOptions.Transport = options.Transport;
        }

        return clientOptions;
    }

    /// <summary>
    /// The SDK calls this, while receiving, for a message that is not base64 (it leaves it out of what it returns; without
    /// a handler the whole receive would fail, every time). Send first, then delete: a failure in between leaves a
    /// duplicate in the poison queue, never a loss; a failure of the send fails the receive, and the message is moved
    /// when it reappears.
    /// </summary>
    private async Task PoisonUndecodableAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } received)
        {
            return; // a peek: nothing is held, nothing to move
        }

        var queueName = args.Queue.Name;
        var poisonName = queueName + PoisonQueueSuffix;
        var text = received.Body.ToString();
        var poison = Queue(poisonName);
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        if (EncodedLength(text) <= MaxEncodedMessageLength)
        {
            await poison.SendMessageAsync(text, args.CancellationToken);
        }
        else
        {
            await _plainService.GetQueueClient(poisonName).SendMessageAsync(text, args.CancellationToken);
        }

        try
        {
            await args.Queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, args.CancellationToken);
        }
        catch (RequestFailedException e) when (IsLostReceipt(e))
        {
            QueueLog.LostReceipt(_logger, "deleted", queueName, received.MessageId, e.ErrorCode!);
        }

        QueueLog.UndecodablePoisoned(_logger, received.MessageId, queueName, poisonName, received.DequeueCount);
    }

    private QueueClient Queue(string queueName) => _queues.GetOrAdd(queueName, static (name, service) => service.GetQueueClient(name), _service);

    private static bool IsLostReceipt(RequestFailedException e) => e.ErrorCode == PopReceiptMismatch || e.ErrorCode == MessageNotFound;

    private static int EncodedLength(string body) => (Encoding.UTF8.GetByteCount(body) + 2) / 3 * 4;

    /// <summary>3–63 characters, lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    private static void ValidateQueueName(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (!QueueNamePattern().IsMatch(queueName))
        {
            throw new ArgumentException($"'{queueName}' is not a valid Azure Storage queue name (3-63 lower-case letters, digits and single hyphens, not at either end).", nameof(queueName));
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueNamePattern();
}
