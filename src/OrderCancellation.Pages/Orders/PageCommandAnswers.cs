using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Domain.Decisions;

namespace OrderCancellation.Pages.Orders;

/// <summary>How an order page answers a command it sent, the same on every order page.</summary>
public static class PageCommandAnswers
{
    /// <summary>
    /// Back to the order page when decided or still pending; the 404 of a missing order for someone else's; otherwise the
    /// refusal next to its field(s) (<paramref name="fieldOf"/> maps a request path to a form field, a problem without
    /// field errors goes under <paramref name="problemField"/>) and the page again with the problem's status.
    /// </summary>
    public static async Task<IActionResult> AnswerAsync(
        this PageModel page, string orderId, PageCommandResult result, Func<string, string> fieldOf, string? problemField, Func<int, Task<IActionResult>> refused)
    {
        if (result.Pending)
        {
            return page.RedirectToPage(new { id = orderId, pending = true });
        }

        if (result.Succeeded)
        {
            return page.RedirectToPage(new { id = orderId, outcome = result.Outcome });
        }

        if (result.Problem!.Code == Problems.OrderNotFound.Code)
        {
            return page.NotFound();
        }

        if (result.FieldErrors is { } errors)
        {
            page.ModelState.AddFieldErrors(errors, fieldOf);
        }
        else
        {
            page.ModelState.AddProblem(result.Problem, problemField);
        }

        return await refused(result.Problem.Status);
    }
}
