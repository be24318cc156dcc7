using System.Text.RegularExpressions;
using OrderCancellation.Pages.Tests.Infrastructure;

namespace OrderCancellation.Pages.Tests;

[Collection(BrowserCollection.Name)]
public sealed class BuyerPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_buyer_cancels_an_order_within_the_window_and_sees_it_canceled_in_Your_Orders()
    {
        await browser.Orders.PlacePaidAsync("B-WITHIN", "S-OTHER", purchasedAgo: TimeSpan.FromDays(1));
        var orderId = await browser.Orders.PlacePaidAsync("B-WITHIN", "S-WITHIN");
        var page = await browser.SignedInAsync("buyer", "B-WITHIN");

        // The read model lags the order by the projection: Your Orders shows it once projected.
        await page.GotoAsync("/orders");
        await ReloadUntilVisibleAsync(page, page.GetByRole(AriaRole.Link, new() { Name = orderId }));
        await page.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {orderId}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("window")).ToContainTextAsync("left to cancel on your own");
        await Assertions.Expect(page.GetByTestId("remaining-L1")).ToHaveTextAsync("2");
        await Screenshots.SaveAsync(page, "buyer-order");

        await page.GetByLabel("Reason (optional)").FillAsync("Ordered by mistake");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("outcome")).ToContainTextAsync("Order canceled");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Order canceled");
        await Assertions.Expect(page.GetByTestId("canceled-L1")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("remaining-L1")).ToHaveTextAsync("0");
        // The notice is an activity of the workflow, stored a moment after the answer.
        await ReloadUntilVisibleAsync(page, page.GetByTestId("notices").GetByText("Order Canceled"));
        await Screenshots.SaveAsync(page, "buyer-order-canceled");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Your Orders" }).ClickAsync();
        await ReloadUntilVisibleAsync(page, page.GetByTestId($"order-{orderId}").GetByText("Order canceled"));
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header, the canceled order, the older one after it
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(orderId);
        await Screenshots.SaveAsync(page, "buyer-your-orders");
    }

    [Fact]
    public async Task A_buyer_after_the_window_cancels_items_and_that_becomes_a_request_to_the_seller()
    {
        var orderId = await browser.Orders.PlacePaidAfterWindowAsync("B-AFTER", "S-AFTER");
        var page = await browser.SignedInAsync("buyer", "B-AFTER");
        await page.GotoAsync($"/orders/{orderId}");
        await Assertions.Expect(page.GetByTestId("window")).ToContainTextAsync("a cancel now asks the seller");

        await page.GetByLabel("Quantity of SKU-A to cancel").FillAsync("1");
        await page.GetByLabel("Reason (optional)").FillAsync("Found it cheaper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel items" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("outcome")).ToContainTextAsync("Cancellation requested");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Cancellation requested");
        await Assertions.Expect(page.GetByTestId("canceled-L1")).ToHaveTextAsync("0");
        await Screenshots.SaveAsync(page, "buyer-order-requested");
    }

    [Fact]
    public async Task Cancel_items_without_a_quantity_shows_the_problem_next_to_the_items()
    {
        var orderId = await browser.Orders.PlacePaidAsync("B-EMPTY", "S-EMPTY");
        var page = await browser.SignedInAsync("buyer", "B-EMPTY");
        await page.GotoAsync($"/orders/{orderId}");

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Cancel items" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter a quantity to cancel for at least one item.");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Not yet shipped");
    }

    /// <summary>Reloads (the list reads the read model, which follows the order a moment later) until the locator shows.</summary>
    internal static async Task ReloadUntilVisibleAsync(IPage page, ILocator locator)
    {
        var deadline = DateTime.UtcNow + BrowserFixture.Timeout;
        while (await locator.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await page.ReloadAsync();
        }

        await Assertions.Expect(locator).ToBeVisibleAsync();
    }
}
