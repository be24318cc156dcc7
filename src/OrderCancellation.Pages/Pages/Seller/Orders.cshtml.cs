using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Model;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages.Pages.Seller;

/// <summary>Manage Orders: the signed-in seller's orders, searched and paged (GET form: a search is a link).</summary>
public sealed class OrdersModel(SellerOrderSearch search) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? OrderId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? BuyerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool BuyerRequested { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<StoredOrder> Orders { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (From is { } from && To is { } to && to < from)
        {
            ModelState.AddModelError(nameof(To), "The last purchase day must not be before the first.");
        }

        if (After is not null && !OrderIds.IsValid(After))
        {
            ModelState.AddModelError(nameof(After), "This page link is not one the service gave; start the search again.");
        }

        if (!ModelState.IsValid)
        {
            // Binding errors (a date or status that does not parse) and the checks above: shown next to their field.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var filter = new SellerOrderFilter(OrderId, BuyerId, Sku, From, To, Status, BuyerRequested);
        var found = await search.FindAsync(User.ToActor().Id, filter, After, cancellationToken);
        (Orders, Next) = (found.Orders, found.Next);
        return Page();
    }

    /// <summary>The query of the next page: this search, resuming after <see cref="Next"/>.</summary>
    public Dictionary<string, string?> NextQuery() => new()
    {
        ["orderId"] = OrderId, ["buyerId"] = BuyerId, ["sku"] = Sku,
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = Status?.ToString(), ["buyerRequested"] = BuyerRequested ? "true" : null, ["after"] = Next,
    };
}
