using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Metrics;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Pages.Pages.Seller;

/// <summary>Cancellation Rate: the seller's figure now, its status, and the daily series as a chart and a table.</summary>
public sealed class CancellationRateModel(OrderReader reader, CountedCancellations counted, CancellationPolicy policy, TimeProvider time) : PageModel
{
    public const int DefaultDays = 30;

    /// <summary>How many days the chart shows, 1 to 90.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Days { get; set; }

    public CancellationRateReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Days is < 1 or > CancellationRate.MaxDays)
        {
            ModelState.AddModelError(nameof(Days), $"Days must be 1 to {CancellationRate.MaxDays}.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await CancellationRateEndpoints.ComputeAsync(User.ToActor().Id, null, Days ?? DefaultDays, reader, counted, policy, time, cancellationToken);
        return Page();
    }
}
