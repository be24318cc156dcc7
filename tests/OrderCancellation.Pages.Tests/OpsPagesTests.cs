using OrderCancellation.Pages.Tests.Infrastructure;

namespace OrderCancellation.Pages.Tests;

[Collection(BrowserCollection.Name)]
public sealed class OpsPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_marketplace_finds_an_order_sees_its_workflow_status_and_cancels_it_with_a_reason()
    {
        var orderId = await browser.Orders.PlacePaidAsync("B-OPS", "S-OPS");
        var page = await browser.SignedInAsync("marketplace", "ATVPDKIKX0DER");

        await page.GetByLabel("Order id").FillAsync(orderId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {orderId}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Unshipped");
        await Assertions.Expect(page.GetByTestId("runtime-status")).ToHaveTextAsync("Running");
        await Screenshots.SaveAsync(page, "ops-order");

        await page.GetByLabel("Reason").SelectOptionAsync("PricingError");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("outcome")).ToHaveTextAsync("Canceled");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Canceled");
    }

    [Fact]
    public async Task Support_looking_for_an_unknown_order_reads_the_problem_next_to_the_field()
    {
        var page = await browser.SignedInAsync("support", "agent-7");
        await page.GetByLabel("Order id").FillAsync("NO-SUCH-ORDER");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Order not found");
    }
}
