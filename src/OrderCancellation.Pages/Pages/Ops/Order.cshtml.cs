using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.Runtime;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Pages.Orders;

namespace OrderCancellation.Pages.Pages.Ops;

/// <summary>
/// Marketplace and Support: an order, its workflow's Durable status (as GET /runtime/instances/{id} shows it), and a
/// cancel with one of the reasons the caller's role may give (docs/policy.md).
/// </summary>
public sealed class OpsOrderModel(PageOrders orders) : OrderCommandPage
{
    [BindProperty]
    public string? Note { get; set; }

    public OrderView? Order { get; private set; }

    public InstanceStatusView? Runtime { get; private set; }

    public IReadOnlyList<CancellationReason> Reasons => ReasonCatalog.Allowed(User.ToActor().Role, CancelSource.Api);

    public string RoleName => User.ToActor().Role == ActorRole.Support ? "Support" : "the marketplace";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Reason))
        {
            ModelState.AddModelError(nameof(Reason), "Choose the reason for the cancel.");
            return await RefusedAsync(StatusCodes.Status400BadRequest, cancellationToken);
        }

        var result = await orders.CancelAsync(Id, User.ToActor(), Reason, lines: null, Note, cancellationToken);
        return await this.AnswerAsync(
            Id,
            result,
            path => path switch { "reason" => nameof(Reason), "note" => nameof(Note), _ => PageProblems.FormKey },
            result.Problem?.Code.Contains("reason", StringComparison.Ordinal) == true ? nameof(Reason) : null,
            status => RefusedAsync(status, cancellationToken));
    }

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
        Order = await orders.GetAsync(Id, User.ToActor(), cancellationToken);
        if (Order is null)
        {
            return false;
        }

        Runtime = await orders.RuntimeStatusAsync(Id, cancellationToken);
        return true;
    }
}
