using OrderCancellation.Pages.Tests.Infrastructure;

namespace OrderCancellation.Pages.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_page_opened_without_sign_in_redirects_to_the_sign_in_page_and_back_after_it()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/orders");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Forders$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "signin");

        await page.GetByLabel("Role").SelectOptionAsync("buyer");
        await page.GetByLabel("Id").FillAsync("B-SIGNIN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders$"));
    }
}
