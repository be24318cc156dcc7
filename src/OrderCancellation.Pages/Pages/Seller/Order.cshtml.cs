using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages.Pages.Seller;

/// <summary>
/// The seller's order page: the order as its orchestration holds it (read-your-writes) and the seller's actions on it,
/// each a plain form that runs the same command the API would. A refusal is shown next to the form with the problem's
/// text; a success redirects back (post/redirect/get) with what happened.
/// </summary>
public sealed class OrderModel(OrderReader reader, SellerCommands commands) : PageModel
{
    public static IReadOnlyList<CancellationReason> Reasons => ReasonCatalog.SellerReasons;

    public OrderState Order { get; private set; } = null!;

    [TempData]
    public string? Notice { get; set; }

    /// <summary>The reason the cancel menu starts on: BuyerCanceled when the buyer has an open request (a standard request, not counted).</summary>
    public CancellationReason? PreselectedReason =>
        OrderTags.BuyerRequested(Order) ? CancellationReason.BuyerCanceled : null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <param name="scope">"order" cancels every cancelable quantity; "items" the quantities given per line.</param>
    /// <param name="quantities">Line id → quantity to cancel (blank or 0: none of that line).</param>
    public Task<IActionResult> OnPostCancelAsync(string id, string? reason, string? scope, Dictionary<string, int?>? quantities, CancellationToken cancellationToken) =>
        RunAsync(id, "cancel", cancellationToken, order =>
        {
            var items = scope == "items";
            var lines = items
                ? order.Lines.Where(l => quantities?.GetValueOrDefault(l.LineId) is > 0).Select(l => new LineQuantityRequest(l.LineId, quantities![l.LineId])).ToList()
                : null;
            if (items && lines!.Count == 0)
            {
                ModelState.AddModelError("cancel.lines", "Enter a quantity to cancel for at least one item.");
                return null;
            }

            var request = new CancelRequest(string.IsNullOrEmpty(reason) ? null : reason, lines, null);
            return ((by, now, errors) => request.ToCommand(by, now, errors), path => LineField(path, lines));
        });

    public Task<IActionResult> OnPostDeclineAsync(string id, string? message, CancellationToken cancellationToken) =>
        RunAsync(id, "decline", cancellationToken, _ =>
            ((by, now, errors) => new DeclineRequest(message).ToCommand(by, now, errors), null));

    public Task<IActionResult> OnPostLabelAsync(string id, LabelAction? action, CancellationToken cancellationToken) =>
        RunAsync(id, "label", cancellationToken, _ =>
            ((by, now, errors) => new ShippingLabelRequest(action).ToCommand(by, now, errors), null));

    public Task<IActionResult> OnPostShipAsync(string id, Dictionary<string, int?>? quantities, string? carrier, string? trackingId, CancellationToken cancellationToken) =>
        RunAsync(id, "ship", cancellationToken, order =>
        {
            var lines = order.Lines.Where(l => quantities?.GetValueOrDefault(l.LineId) is > 0).Select(l => new LineQuantityRequest(l.LineId, quantities![l.LineId])).ToList();
            var request = new ShipmentRequest(lines, string.IsNullOrWhiteSpace(carrier) ? null : carrier, string.IsNullOrWhiteSpace(trackingId) ? null : trackingId);
            return ((by, now, errors) => request.ToCommand(by, now, errors), path => LineField(path, lines));
        });

    /// <summary>Loads the order, builds the form's command (null: the form itself was refused) and runs it as the seller.</summary>
    private async Task<IActionResult> RunAsync(
        string id, string form, CancellationToken cancellationToken,
        Func<OrderState, (Func<Actor, DateTimeOffset, FieldErrors, Domain.Commands.OrderCommand?> Build, Func<string, string>? FieldOf)?> prepare)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (prepare(Order) is { } command
            && await commands.RunAsync(Order.OrderId, form, User.ToActor(), command.Build, ModelState, cancellationToken, command.FieldOf) is { } done)
        {
            Notice = done;
            return RedirectToPage(new { id });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        // Another seller's order answers 404 exactly like a missing one (§10).
        if (!OrderIds.IsValid(id) || await reader.GetAsync(id, cancellationToken) is not { } stored || !OrderAccess.CanSee(User.ToActor(), stored.Order))
        {
            return false;
        }

        Order = stored.Order;
        return true;
    }

    /// <summary>"lines[n].quantity" → "line.{lineId}", so a line's error shows beside that line's input.</summary>
    private static string LineField(string path, List<LineQuantityRequest>? lines) =>
        path.StartsWith("lines[", StringComparison.Ordinal) && path.IndexOf(']', StringComparison.Ordinal) is var end and > 6
            && int.TryParse(path.AsSpan(6, end - 6), out var n) && lines is not null && n < lines.Count
            ? $"line.{lines[n].LineId}"
            : path;
}
