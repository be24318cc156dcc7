using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Notifications;

/// <summary>
/// Posts an ORDER_CHANGE to every matching subscription that has not received it yet, records each success,
/// and throws while any remain so that the runtime retries the activity with its backoff. A retry posts only
/// to the subscriptions still missing, with the same body and <c>Idempotency-Key</c>.
/// </summary>
internal sealed class WebhookDispatcher(
    IHttpClientFactory httpClients,
    SubscriptionStore subscriptions,
    DeliveryStore deliveries,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    /// <param name="publishedAt">When the change was first published: subscriptions created later do not receive it.</param>
    public async Task DeliverAsync(
        string activityId, int attempt, string orderId, string sellerId, OrderChangeType type, DateTimeOffset publishedAt, string body, CancellationToken cancellationToken)
    {
        var matching = await subscriptions.MatchingAsync(sellerId, type, publishedAt, cancellationToken);
        var delivered = await deliveries.DeliveredAsync(activityId, cancellationToken);
        var pending = matching.Where(s => !delivered.Contains(s.SubscriptionId)).ToList();
        Log.WebhookFanOut(logger, activityId, orderId, pending.Count, matching.Count);

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (subscription, ct) =>
            {
                var error = await PostAsync(activityId, attempt, orderId, subscription, body, ct);
                if (error is not null)
                {
                    failures.Add($"{subscription.SubscriptionId}: {error}");
                }
            });

        if (!failures.IsEmpty)
        {
            throw new WebhookDeliveryException(
                $"{failures.Count} of {pending.Count} webhook deliveries failed ({string.Join("; ", failures.Order(StringComparer.Ordinal))}).");
        }
    }

    /// <returns>Null when delivered (2xx), else why not.</returns>
    private async Task<string?> PostAsync(string activityId, int attempt, string orderId, WebhookSubscription subscription, string body, CancellationToken cancellationToken)
    {
        var bytes = OrderChangeNotification.ForSubscription(body, subscription.SubscriptionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(subscription.Secret, bytes));
        request.Headers.Add(IdempotencyKeys.Header, $"{activityId}:{subscription.SubscriptionId}");
        string error;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await deliveries.RecordAsync(activityId, subscription.SubscriptionId, (int)response.StatusCode, attempt, time.GetUtcNow(), cancellationToken);
                Log.WebhookDelivered(logger, activityId, orderId, subscription.SubscriptionId, (int)response.StatusCode, attempt);
                return null;
            }

            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {options.Value.Timeout}";
        }

        Log.WebhookFailed(logger, activityId, orderId, subscription.SubscriptionId, attempt, error);
        return error;
    }
}

/// <summary>Some subscribers did not take an ORDER_CHANGE; the activity fails and the runtime retries it.</summary>
public sealed class WebhookDeliveryException(string message) : Exception(message);
