using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Api.Runtime;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Pages.Orders;

/// <summary>What a command from a page came to: an outcome, or a problem (with field errors when the input was bad).</summary>
public sealed record PageCommandResult(Outcome? Outcome, Problem? Problem, IDictionary<string, string[]>? FieldErrors = null)
{
    public bool Succeeded => Problem is null && FieldErrors is null;

    /// <summary>Still being decided after <c>Orders:AnswerTimeout</c>: the page shows the order as it is and says so.</summary>
    public bool Pending => Outcome is null && Problem is null && FieldErrors is null;
}

/// <summary>One page of a buyer's orders, newest first; <see cref="NextPageToken"/> opens the next.</summary>
public sealed record BuyerOrderPage(IReadOnlyList<OrderView> Orders, string? NextPageToken);

/// <summary>
/// The orders as the pages read and change them: the application services the API's endpoints use (reader, buyer list,
/// notices, command gateway, the request checks), with the same visibility rule (an order not the caller's is not found).
/// </summary>
public sealed class PageOrders(
    OrderReader reader,
    BuyerOrders buyerOrders,
    OrderCommands commands,
    IDurableClientSource durable,
    IServiceProvider services,
    CancellationPolicy policy,
    TimeProvider time)
{
    public const int PageSize = 20;

    /// <summary>The order as <paramref name="caller"/> may see it, or null (none, or not theirs).</summary>
    public async Task<OrderView?> GetAsync(string orderId, Actor caller, CancellationToken cancellationToken = default) =>
        OrderIds.IsValid(orderId) && await reader.GetAsync(orderId, cancellationToken) is { } stored && OrderAccess.CanSee(caller, stored.Order)
            ? OrderView.Of(stored.Order, stored.Version, caller, time.GetUtcNow(), policy)
            : null;

    /// <summary>A buyer's Your Orders: their own, cancelled included, newest first (the read model: it lags a moment behind a change).</summary>
    public async Task<BuyerOrderPage> BuyerOrdersAsync(Actor buyer, string? pageToken, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var after = BuyerPageTokens.Parse(pageToken, errors);
        var found = await buyerOrders.ListAsync(buyer.Id, new Dictionary<string, string>(), errors.Any ? null : after, PageSize + 1, cancellationToken);
        var page = found.Take(PageSize).ToList();
        var now = time.GetUtcNow();
        return new BuyerOrderPage(
            [.. page.Select(o => OrderView.Of(o.Projected.Order, o.Projected.Version, buyer, now, policy))],
            found.Count > PageSize ? BuyerPageTokens.For(page[^1].Key) : null);
    }

    /// <summary>The notices of an order the caller may see, addressed to them when they are the buyer.</summary>
    public async Task<IReadOnlyList<StoredNotification>> NoticesAsync(string orderId, Actor caller, CancellationToken cancellationToken = default)
    {
        if (services.GetService<INotificationStore>() is not { } store)
        {
            return [];
        }

        return OrderPrivacy.Notices(await store.ListForOrderAsync(orderId, cancellationToken), caller);
    }

    /// <summary>The orchestration's Durable status, as GET /runtime/instances/{id} shows it (Marketplace and Support only).</summary>
    public Task<InstanceStatusView?> RuntimeStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        RuntimeEndpoints.FindAsync(orderId, durable, cancellationToken);

    /// <summary>A cancel with the API's checks of the request (the same field errors as POST /api/orders/{id}/cancel).</summary>
    public Task<PageCommandResult> CancelAsync(string orderId, Actor caller, string? reason, IReadOnlyList<LineQuantity>? lines, string? note = null, CancellationToken cancellationToken = default)
    {
        var request = new CancelRequest(
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            lines is null ? null : [.. lines.Select(l => new LineQuantityRequest(l.LineId, l.Quantity))],
            string.IsNullOrWhiteSpace(note) ? null : note);
        var errors = new FieldErrors();
        return request.ToCommand(caller, time.GetUtcNow(), errors) is { } command
            ? ExecuteAsync(orderId, command, cancellationToken)
            : Task.FromResult(Invalid(errors));
    }

    /// <summary>Any command built by a page (it has checked its input): raised on the order, its answer awaited.</summary>
    public async Task<PageCommandResult> ExecuteAsync(string orderId, Domain.Commands.OrderCommand command, CancellationToken cancellationToken = default)
    {
        var result = await commands.ExecuteAsync(orderId, command, cancellationToken: cancellationToken);
        return result.Status == OrderCommandStatus.Pending ? new PageCommandResult(null, null) : new PageCommandResult(result.Outcome, result.Problem);
    }

    /// <summary>Field errors found before anything was raised, as a 400 problem.</summary>
    internal static PageCommandResult Invalid(FieldErrors errors) =>
        new(null, new Problem("validation-failed", 400, "Some fields are not valid.", "Correct the fields shown and send again."), errors.ToDictionary());
}
