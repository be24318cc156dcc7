using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Http.OpenApi;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// <c>/api/subscriptions</c> (§5): webhooks for ORDER_CHANGE events. Sellers subscribe to their own orders'
/// events, the marketplace to every order's. Each caller sees and deletes only its own subscriptions; another
/// caller's id is 404, as if it did not exist. The secret is never returned. URLs must be public (https outside Development,
/// <see cref="WebhookUrlGuard"/>), and an owner holds at most <c>Webhooks:MaxSubscriptionsPerOwner</c> subscriptions.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subscriptions").RequireAuthorization(Policies.SellerOrMarketplace).WithTags("Subscriptions");
        group.MapPost("/", CreateAsync).WithName("CreateSubscription").WithSummary("Subscribe a webhook to order events")
            .WithDescription("`{url, secret, events}`: a public https URL (422 `url-not-allowed` otherwise); 409 `subscription-limit-reached` past `Webhooks:MaxSubscriptionsPerOwner`. Deliveries are signed `X-Signature: t=<unix seconds>,v1=<hex HMAC of \"t.body\">`.")
            .AcceptsJson<SubscriptionRequest>()
            .Produces<SubscriptionResponse>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403, 409, 413, 422).WithIdempotencyKey()
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The subscription.");
        group.MapGet("/", ListAsync).WithName("ListSubscriptions").WithSummary("List the caller's subscriptions")
            .WithDescription("In creation order, paged by `pageSize` and `pageToken`.")
            .WithQuery("pageSize", "1 to 100, default 50.").WithQuery("pageToken", "The `nextPageToken` of the page before.")
            .Produces<SubscriptionListResponse>().ProducesProblems(400, 403);
        group.MapGet("/{subscriptionId}", GetAsync).WithName("GetSubscription").WithSummary("Read one of the caller's subscriptions")
            .Produces<SubscriptionResponse>().ProducesProblems(403, 404);
        group.MapDelete("/{subscriptionId}", DeleteAsync).WithName("DeleteSubscription").WithSummary("Delete one of the caller's subscriptions")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(403, 404);
        return app;
    }

    internal static async Task<IResult> CreateAsync(
        HttpContext http, SubscriptionStore store, WebhookUrlGuard guard, TimeProvider time, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
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

        if (await guard.RefusalAsync(request.Url, cancellationToken) is { } refusal)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "url-not-allowed", "The URL is not allowed.", refusal);
        }

        var owner = http.User.ToActor();
        // The secret is not in the fingerprint (stored in clear beside it, an unkeyed hash would let a reader guess it offline):
        // a repeat's secret is compared with the stored one instead.
        var fingerprint = key is null ? null : IdempotencyKeys.Fingerprint([request.Url.AbsoluteUri, .. request.Events.Select(e => e.ToString())]);
        var created = await store.CreateAsync(
            new WebhookSubscription(Guid.CreateVersion7().ToString("N"), owner, request.Url, request.Events, time.GetUtcNow()),
            request.Secret,
            key,
            fingerprint,
            cancellationToken);
        if (created is null)
        {
            var max = options.Value.MaxSubscriptionsPerOwner;
            return Problems.Result(
                StatusCodes.Status409Conflict, "subscription-limit-reached", "Too many subscriptions.", $"An owner may hold at most {max} subscriptions; delete one first.");
        }

        if (created.Fingerprint != fingerprint
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(created.Secret), Encoding.UTF8.GetBytes(request.Secret)))
        {
            return Problems.IdempotencyKeyReused();
        }

        var subscription = created.Subscription;
        return TypedResults.Created($"/api/subscriptions/{subscription.SubscriptionId}", SubscriptionResponse.From(subscription));
    }

    /// <summary>The caller's subscriptions in id order (creation order, to the millisecond), paged as <c>GET /api/orders</c> is (<c>pageSize</c>, <c>pageToken</c>).</summary>
    internal static async Task<IResult> ListAsync(HttpContext http, SubscriptionStore store, CancellationToken cancellationToken)
    {
        var (pageSize, after, errors) = SubscriptionPaging.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var page = await store.ListAsync(http.User.ToActor(), after, pageSize, cancellationToken);
        return TypedResults.Ok(new SubscriptionListResponse(
            [.. page.Subscriptions.Select(SubscriptionResponse.From)], page.After is { } last ? SubscriptionPaging.Token(last) : null));
    }

    internal static async Task<IResult> GetAsync(string subscriptionId, HttpContext http, SubscriptionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(http.User.ToActor(), subscriptionId, cancellationToken) is { } subscription
            ? TypedResults.Ok(SubscriptionResponse.From(subscription))
            : Problems.NotFound($"Subscription {subscriptionId}");

    internal static async Task<IResult> DeleteAsync(string subscriptionId, HttpContext http, SubscriptionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(http.User.ToActor(), subscriptionId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Subscription {subscriptionId}");
}

/// <summary>A page of <c>GET /api/subscriptions</c>: <c>{subscriptions, nextPageToken?}</c>.</summary>
public sealed record SubscriptionListResponse(IReadOnlyList<SubscriptionResponse> Subscriptions, string? NextPageToken);

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
