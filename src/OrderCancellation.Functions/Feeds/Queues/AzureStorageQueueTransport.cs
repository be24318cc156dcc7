using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Durable.Queues;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>
/// <see cref="IQueueTransport"/> over the Azure Storage Queue REST API with Shared Key authorization,
/// because the SDK cannot be restored here (DESIGN §2). Bodies are base64-encoded UTF-8 on the wire,
/// as the Azure Functions queue trigger expects (host.json <c>messageEncoding</c> default). Transient
/// failures are retried with exponential backoff; a retried Put Message may enqueue twice (at-least-once),
/// which feed processing absorbs by idempotency keys.
/// </summary>
public sealed partial class AzureStorageQueueTransport : IQueueTransport
{
    /// <summary>The named <see cref="HttpClient"/> the factory constructor asks for.</summary>
    public const string HttpClientName = "AzureStorageQueue";

    /// <summary>The REST API version we speak; Azurite 3.37 accepts it.</summary>
    public const string ApiVersion = "2025-05-05";

    /// <summary>The service's limit on <c>MessageText</c> (after base64: about 48 KiB of UTF-8 body).</summary>
    public const int MaxEncodedMessageLength = 64 * 1024;

    private static readonly MediaTypeHeaderValue XmlContentType = new("application/xml");

    private readonly Func<HttpClient> _httpClient;
    private readonly StorageConnectionString _account;
    private readonly AzureStorageQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>For <c>IHttpClientFactory</c>: a client named <see cref="HttpClientName"/> is created per request.</summary>
    public AzureStorageQueueTransport(IHttpClientFactory httpClientFactory, StorageConnectionString account, AzureStorageQueueOptions? options = null, TimeProvider? timeProvider = null, ILogger<AzureStorageQueueTransport>? logger = null)
        : this(() => httpClientFactory.CreateClient(HttpClientName), account, options, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
    }

    /// <summary>With one long-lived <see cref="HttpClient"/> (tests, tools).</summary>
    public AzureStorageQueueTransport(HttpClient httpClient, StorageConnectionString account, AzureStorageQueueOptions? options = null, TimeProvider? timeProvider = null, ILogger<AzureStorageQueueTransport>? logger = null)
        : this(() => httpClient, account, options, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
    }

    private AzureStorageQueueTransport(Func<HttpClient> httpClient, StorageConnectionString account, AzureStorageQueueOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        _httpClient = httpClient;
        _account = account;
        _options = options ?? new AzureStorageQueueOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public StorageConnectionString Account => _account;

    /// <summary>Create Queue: 201 (created) and 204 (exists with the same, here empty, metadata) are both fine.</summary>
    public async Task CreateIfNotExistsAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        using var response = await SendAsync("Create Queue", queueName, HttpMethod.Put, "", [], null, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent)
        {
            QueueLog.QueueCreated(_logger, queueName, (int)response.StatusCode);
            return;
        }

        throw await ErrorAsync("Create Queue", queueName, response, cancellationToken);
    }

    /// <summary>Put Message with the body base64-encoded; default visibility (now) and time-to-live (7 days).</summary>
    /// <exception cref="ArgumentException">The encoded body exceeds <see cref="MaxEncodedMessageLength"/>.</exception>
    public async Task SendAsync(string queueName, string body, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentNullException.ThrowIfNull(body);
        var encoded = QueueMessageXml.Encode(body);
        if (encoded.Length > MaxEncodedMessageLength)
        {
            throw new ArgumentException(
                $"The message is {encoded.Length} characters in base64; Azure Storage queue messages hold at most {MaxEncodedMessageLength}. Store large content elsewhere and enqueue its id.",
                nameof(body));
        }

        var xml = QueueMessageXml.PutMessageBody(encoded);
        using var response = await SendAsync("Put Message", queueName, HttpMethod.Post, "/messages", [], xml, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorAsync("Put Message", queueName, response, cancellationToken);
        }
    }

    /// <summary>Get Messages: up to 32 at once; <paramref name="visibilityTimeout"/> is rounded up to whole seconds (1 s – 7 days).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var seconds = (long)Math.Ceiling(visibilityTimeout.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1, nameof(visibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, 7 * 24 * 3600, nameof(visibilityTimeout));

        using var response = await SendAsync("Get Messages", queueName, HttpMethod.Get, "/messages",
            [new("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)), new("visibilitytimeout", seconds.ToString(CultureInfo.InvariantCulture))],
            null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ErrorAsync("Get Messages", queueName, response, cancellationToken);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var document = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
        return QueueMessageXml.ReadMessages(queueName, document);
    }

    /// <summary>
    /// Update Message without a body: only the visibility moves, to <paramref name="visibilityTimeout"/> from now (rounded up
    /// to whole seconds, at most 7 days). The new pop receipt comes back in <c>x-ms-popreceipt</c>. Null when the receipt no
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, 7 * 24 * 3600, nameof(visibilityTimeout));
        using var response = await SendAsync("Update Message", message.QueueName, HttpMethod.Put, "/messages/" + Uri.EscapeDataString(message.MessageId),
            [new("popreceipt", message.PopReceipt), new("visibilitytimeout", seconds.ToString(CultureInfo.InvariantCulture))], null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent && response.Headers.TryGetValues("x-ms-popreceipt", out var receipts))
        {
            return message with { PopReceipt = receipts.First() };
        }

        await ThrowUnlessLostReceiptAsync("Update Message", "extended", message, response, cancellationToken);
        return null;
    }

    /// <summary>
    /// Delete Message with its pop receipt. False when the receipt no longer holds: the message became
    /// visible again and someone else received it (<c>PopReceiptMismatch</c>, 400), or it is gone
    /// (<c>MessageNotFound</c>, 404). Other failures throw, <c>QueueNotFound</c> included.
    /// </summary>
    public async Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateQueueName(message.QueueName);
        using var response = await SendAsync("Delete Message", message.QueueName, HttpMethod.Delete, "/messages/" + Uri.EscapeDataString(message.MessageId),
            [new("popreceipt", message.PopReceipt)], null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return true;
        }

        await ThrowUnlessLostReceiptAsync("Delete Message", "deleted", message, response, cancellationToken);
        return false;
    }

    /// <summary>
    /// Returns (after logging it) when a failed Update or Delete Message says the receipt no longer holds: the message
    /// became visible again and someone else received it (<c>PopReceiptMismatch</c>), or it is gone (<c>MessageNotFound</c>).
    /// Throws any other failure.
    /// </summary>
    private async Task ThrowUnlessLostReceiptAsync(string operation, string notDone, QueueMessage message, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = await ErrorAsync(operation, message.QueueName, response, cancellationToken);
        if (error.ErrorCode is not ("MessageNotFound" or "PopReceiptMismatch"))
        {
            throw error;
        }

        QueueLog.LostReceipt(_logger, notDone, message.QueueName, message.MessageId, error.ErrorCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string queueName, HttpMethod method, string subPath,
        KeyValuePair<string, string>[] query, byte[]? body, CancellationToken cancellationToken)
    {
        var queryString = query.Length == 0 ? "" : "?" + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        var uri = new Uri($"{_account.QueueEndpoint.AbsoluteUri.TrimEnd('/')}/{queueName}{subPath}{queryString}");
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = XmlContentType;
            }

            request.Headers.TryAddWithoutValidation("x-ms-date", _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("x-ms-version", ApiVersion);
            request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
            SharedKeySigner.Sign(request, _account, query);

            string failure;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                var response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (!IsTransient(response.StatusCode) || attempt >= _options.MaxRetries)
                {
                    return response;
                }

                failure = $"{(int)response.StatusCode} {response.StatusCode}";
                response.Dispose();
            }
            catch (HttpRequestException e) when (attempt < _options.MaxRetries)
            {
                failure = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < _options.MaxRetries)
            {
                failure = $"no answer within {_options.RequestTimeout}";
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Azure Storage queue {operation} on '{queueName}' got no answer within {_options.RequestTimeout}, {attempt + 1} attempts.", e);
            }

            var delay = Backoff(attempt);
            QueueLog.Retrying(_logger, operation, queueName, failure, attempt + 1, _options.MaxRetries, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = _options.RetryDelay * Math.Pow(2, attempt);
#pragma warning disable CA5394 // Jitter, not security.
        return baseDelay + (baseDelay * (Random.Shared.NextDouble() * 0.5));
#pragma warning restore CA5394
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static async Task<AzureStorageQueueException> ErrorAsync(string operation, string queueName, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = QueueMessageXml.ReadError(body);
        code ??= response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        return new AzureStorageQueueException(operation, queueName, response.StatusCode, code, message ?? response.ReasonPhrase);
    }

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
