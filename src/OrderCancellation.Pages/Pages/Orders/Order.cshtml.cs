using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Pages.Orders;

namespace OrderCancellation.Pages.Pages.Orders;

/// <summary>One line of the "Cancel items" form.</summary>
public sealed class LineInput
{
    public string? LineId { get; set; }

    public int? Quantity { get; set; }
}

/// <summary>
/// A buyer's order: its status in a buyer's words, each line's quantities, the time left in the self-cancel window,
/// "Cancel order" and "Cancel items", and the notices received. After a cancel the page redirects to itself with the
/// outcome (post/redirect/get); a refusal is shown next to the field with the problem's text and its status code.
/// </summary>
public sealed class BuyerOrderModel(PageOrders orders, TimeProvider time) : OrderCommandPage
{
    [BindProperty]
    public List<LineInput> Lines { get; set; } = [];

    public OrderView? Order { get; private set; }

    public IReadOnlyList<StoredNotification> Notices { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCancelOrderAsync(CancellationToken cancellationToken) =>
        CancelAsync(lines: null, cancellationToken);

    public Task<IActionResult> OnPostCancelItemsAsync(CancellationToken cancellationToken)
    {
        var chosen = Lines.Where(l => l.Quantity is > 0 && !string.IsNullOrEmpty(l.LineId)).Select(l => new LineQuantity(l.LineId!, l.Quantity!.Value)).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError(nameof(Lines), "Enter a quantity to cancel for at least one item.");
            return RefusedAsync(StatusCodes.Status400BadRequest, cancellationToken);
        }

        return CancelAsync(chosen, cancellationToken);
    }

    private async Task<IActionResult> CancelAsync(IReadOnlyList<LineQuantity>? lines, CancellationToken cancellationToken)
    {
        var result = await orders.CancelAsync(Id, User.ToActor(), Reason, lines, cancellationToken: cancellationToken);
        return await this.AnswerAsync(Id, result, FieldOf, problemField: null, status => RefusedAsync(status, cancellationToken));
    }

    /// <summary>The page again with the problems, answering with the problem's status like the API would.</summary>
    private async Task<IActionResult> RefusedAsync(int status, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var caller = User.ToActor();
        Now = time.GetUtcNow();
        Order = await orders.GetAsync(Id, caller, cancellationToken);
        if (Order is null)
        {
            return false;
        }

        Notices = await orders.NoticesAsync(Id, caller, cancellationToken);
        return true;
    }

    /// <summary>The API's field paths on this form: <c>reason</c> is the reason box; a line's error belongs to the items table.</summary>
    private static string FieldOf(string path) =>
        path.StartsWith("lines", StringComparison.Ordinal) ? nameof(Lines) : path == "reason" ? nameof(Reason) : PageProblems.FormKey;
}
