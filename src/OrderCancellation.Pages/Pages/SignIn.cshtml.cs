using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Pages.Pages;

/// <summary>
/// Development: pick a role and an id and get the page cookie with the same <c>sub</c> and <c>role</c> claims a dev token
/// carries. Elsewhere: a button that challenges the OpenID Connect scheme (<c>Auth:Authority</c>).
/// </summary>
public sealed class SignInModel(IOptions<PagesOptions> options, IHostEnvironment environment) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string Role { get; set; } = Roles.Buyer;

    [BindProperty]
    public string? Id { get; set; }

    public bool DevelopmentSignIn => PagesSetup.DevelopmentSignIn(options.Value, environment);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!DevelopmentSignIn)
        {
            return NotFound();
        }

        if (!Roles.IsKnown(Role))
        {
            ModelState.AddModelError(nameof(Role), "Pick one of the roles.");
        }

        if (string.IsNullOrWhiteSpace(Id))
        {
            ModelState.AddModelError(nameof(Id), "Type the id to sign in as.");
        }
        else if (!InputBounds.IsId(Id))
        {
            ModelState.AddModelError(nameof(Id), InputBounds.DescribeId("Id"));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await PagesSetup.SignInAsync(HttpContext, Role, Id!);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl : PagesAuth.HomeOf(Role));
    }

    /// <summary>Outside development: on to the identity provider, back to <see cref="ReturnUrl"/> afterwards.</summary>
    public IActionResult OnPostExternal() =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, PagesAuth.OpenIdScheme);
}
