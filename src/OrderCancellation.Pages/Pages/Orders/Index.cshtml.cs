using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Pages.Orders;

namespace OrderCancellation.Pages.Pages.Orders;

/// <summary>The buyer's Your Orders: their own orders, canceled ones included, newest first.</summary>
public sealed class YourOrdersModel(PageOrders orders) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? PageToken { get; set; }

    public BuyerOrderPage Orders { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Orders = await orders.BuyerOrdersAsync(User.ToActor(), PageToken, cancellationToken);
}
