using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OrderCancellation.Pages.Pages;

/// <summary>Ends the page sign-in (a POST with the antiforgery token, from the layout's button).</summary>
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PagesAuth.Scheme);
        return Redirect(PagesAuth.SignInPath);
    }
}
