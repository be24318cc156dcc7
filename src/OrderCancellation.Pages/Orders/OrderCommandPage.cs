using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Domain.Decisions;

namespace OrderCancellation.Pages.Orders;

/// <summary>
/// A page that cancels one order and redirects to itself with the outcome (post/redirect/get,
/// <see cref="PageCommandAnswers"/>): the order id of its route, what the redirect carries, and the reason field.
/// </summary>
public abstract class OrderCommandPage : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = string.Empty;

    /// <summary>The outcome of the cancel this page redirected from.</summary>
    [BindProperty(SupportsGet = true, Name = "outcome")]
    public Outcome? Done { get; set; }

    /// <summary>The cancel was answered 202: its outcome is not known yet.</summary>
    [BindProperty(SupportsGet = true, Name = "pending")]
    public bool Pending { get; set; }

    [BindProperty]
    public string? Reason { get; set; }
}
