using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Api.Activities;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Posts a stored ORDER_CHANGE to one subscription, signed at the time of the attempt, and records the success. A subscription that received it
/// already is skipped; a failure throws, so the delivery's activity retries with the same body and
/// <c>Idempotency-Key: {notificationId}:{subscriptionId}</c>.
/// </summary>
internal sealed class WebhookDispatcher(
    IHttpClientFactory httpClients,
    DeliveryStore deliveries,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    public async Task DeliverAsync(string notificationId, string orderId, WebhookTarget target, string body, CancellationToken cancellationToken)
    {
        var subscription = target.Subscription;
        var delivered = await deliveries.DeliveredAsync(notificationId, cancellationToken);
        if (delivered.Contains(subscription.SubscriptionId))
        {
            return;
        }

        var attempt = 1;
        var error = await PostAsync(notificationId, attempt, orderId, target, body, cancellationToken);
        if (error is not null)
        {
            throw new WebhookDeliveryException($"ORDER_CHANGE {notificationId} to subscription {subscription.SubscriptionId} failed: {error}.");
        }
    }

    /// <returns>Null when delivered (2xx), else why not.</returns>
    private async Task<string?> PostAsync(string activityId, int attempt, string orderId, WebhookTarget target, string body, CancellationToken cancellationToken)
    {
        var subscription = target.Subscription;
        var bytes = OrderChangeNotification.ForSubscription(body, subscription.SubscriptionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(target.Secret, time.GetUtcNow(), bytes));
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
            // A refused connection (WebhookUrlGuard) is wrapped by the handler: its reason is the inner message.
            error = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
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
