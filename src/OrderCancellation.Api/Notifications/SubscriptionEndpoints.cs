using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// <c>/api/subscriptions</c> (§5): webhooks for ORDER_CHANGE events. Sellers subscribe to their own orders'
/// events, the marketplace to every order's. Each caller sees and deletes only its own subscriptions; another
/// caller's id is 404, as if it did not exist. The secret is never returned.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subscriptions").RequireAuthorization(Policies.SellerOrMarketplace).WithTags("Subscriptions");
        group.MapPost("/", CreateAsync).WithName("CreateSubscription");
        group.MapGet("/", ListAsync).WithName("ListSubscriptions");
        group.MapGet("/{subscriptionId}", GetAsync).WithName("GetSubscription");
        group.MapDelete("/{subscriptionId}", DeleteAsync).WithName("DeleteSubscription");
        return app;
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, SubscriptionStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = IdempotencyKeys.From(http.Request);
        if (key is { Length: > IdempotencyKeys.MaxLength })
        {
            return Problems.Validation(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [$"At most {IdempotencyKeys.MaxLength} characters."] });
        }

        var (body, problem) = await JsonBody.ReadAsync<SubscriptionRequest>(http.Request, ApiJson.Options, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (request, errors) = SubscriptionRequestValidator.Validate(body!);
        if (request is null)
        {
            return Problems.Validation(errors);
        }

        var owner = http.User.ToActor();
        var fingerprint = key is null ? null : IdempotencyKeys.Fingerprint([request.Url.AbsoluteUri, request.Secret, .. request.Events.Select(e => e.ToString())]);
        var (subscription, _, storedFingerprint) = await store.CreateAsync(
            new WebhookSubscription(Guid.CreateVersion7().ToString("N"), owner, request.Url, request.Secret, request.Events, time.GetUtcNow()),
            key,
            fingerprint,
            cancellationToken);
        if (storedFingerprint != fingerprint)
        {
            return Problems.IdempotencyKeyReused();
        }

        return TypedResults.Created($"/api/subscriptions/{subscription.SubscriptionId}", SubscriptionResponse.From(subscription));
    }

    internal static async Task<IResult> ListAsync(HttpContext http, SubscriptionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(http.User.ToActor(), cancellationToken)).Select(SubscriptionResponse.From).ToList());

    internal static async Task<IResult> GetAsync(string subscriptionId, HttpContext http, SubscriptionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(http.User.ToActor(), subscriptionId, cancellationToken) is { } subscription
            ? TypedResults.Ok(SubscriptionResponse.From(subscription))
            : Problems.NotFound($"Subscription {subscriptionId}");

    internal static async Task<IResult> DeleteAsync(string subscriptionId, HttpContext http, SubscriptionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(http.User.ToActor(), subscriptionId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Subscription {subscriptionId}");
}

/// <summary>The body of <c>POST /api/subscriptions</c>: <c>{url, secret, events}</c>.</summary>
public sealed record SubscriptionRequest(string? Url, string? Secret, IReadOnlyList<string>? Events);

/// <summary>A subscription as the API shows it (never its secret). <paramref name="SellerId"/> is the seller whose
/// orders it covers; absent on a marketplace subscription, which covers every order.</summary>
public sealed record SubscriptionResponse(string SubscriptionId, string Url, IReadOnlyList<OrderChangeType> Events, string? SellerId, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(WebhookSubscription s) => new(
        s.SubscriptionId,
        s.Url.AbsoluteUri,
        s.Events,
        s.Owner.Role == ActorRole.Seller ? s.Owner.Id : null,
        s.CreatedAt);
}
