using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Pages.Orders;

namespace OrderCancellation.Pages.Pages.Ops;

/// <summary>Marketplace and Support: find any order by its id (a GET form, so the address can be shared).</summary>
public sealed class FindOrderModel(PageOrders orders) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? OrderId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (OrderId is null)
        {
            return Page();
        }

        OrderId = OrderId.Trim();
        if (await orders.GetAsync(OrderId, User.ToActor(), cancellationToken) is null)
        {
            ModelState.AddProblem(Problems.OrderNotFound, nameof(OrderId));
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        return Redirect($"/ops/orders/{Uri.EscapeDataString(OrderId)}");
    }
}
