using System.Text;
using System.Text.RegularExpressions;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Pages.Tests.Infrastructure;

namespace OrderCancellation.Pages.Tests;

/// <summary>The seller's pages in Chromium: Manage Orders, the order page, Feeds and the Cancellation Rate.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SellerPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_seller_finds_a_buyers_open_request_in_Manage_Orders_and_accepts_it_with_BuyerCanceled()
    {
        var (buyer, seller) = ("B-REQ", "S-REQ");
        var orderId = await browser.Orders.PlacePaidAfterWindowAsync(buyer, seller);
        await browser.Orders.ExecuteAsync(orderId, new OrderCommand.Cancel(Actor.Buyer(buyer), DateTimeOffset.UtcNow, "Ordered by mistake"));
        var page = await browser.SignedInAsync("seller", seller);

        // The list reads the read model, which the projection activity updates shortly after the request.
        await ShowsAfterReloadsAsync(page, "/seller/orders?buyerRequested=true", page.Locator($"tr[data-order-id='{orderId}']"));
        await Assertions.Expect(page.Locator($"tr[data-order-id='{orderId}']")).ToContainTextAsync("Buyer requested cancellation");
        await Screenshots.SaveAsync(page, "seller-orders");

        await page.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("buyer-request")).ToContainTextAsync("Ordered by mistake");
        await Assertions.Expect(page.GetByLabel("Reason")).ToHaveValueAsync("BuyerCanceled");
        await Screenshots.SaveAsync(page, "seller-order");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("notice")).ToHaveTextAsync("The order is canceled.");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Canceled");
        var cancellation = page.GetByRole(AriaRole.Table, new() { Name = "Cancellations" }).Locator("tbody tr");
        await Assertions.Expect(cancellation).ToContainTextAsync("BuyerCanceled");
        await Assertions.Expect(cancellation.Locator("td").Last).ToHaveTextAsync("No"); // a standard request answered: not counted
    }

    [Fact]
    public async Task A_seller_cancels_some_items_and_a_form_without_quantities_is_refused_next_to_the_items()
    {
        var seller = "S-ITEMS";
        var orderId = await browser.Orders.PlacePaidAsync("B-ITEMS", seller);
        var page = await browser.SignedInAsync("seller", seller);
        await page.GotoAsync($"/seller/orders/{orderId}");

        await page.GetByLabel("Reason").SelectOptionAsync("NoInventory");
        await page.GetByLabel("Some items (quantities below)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#problem-cancel-lines")).ToHaveTextAsync("Enter a quantity to cancel for at least one item.");

        await page.GetByLabel("Reason").SelectOptionAsync("NoInventory");
        await page.GetByLabel("Some items (quantities below)").CheckAsync();
        await page.GetByLabel("Quantity of SKU-A (line L1) to cancel, up to 2").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("notice")).ToHaveTextAsync("The items are canceled.");
        await Assertions.Expect(page.GetByTestId("remaining-L1")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("remaining-L2")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Unshipped");
    }

    [Fact]
    public async Task A_seller_uploads_a_feed_watches_it_finish_and_downloads_its_report()
    {
        var seller = "S-FEED";
        var orderId = await browser.Orders.PlacePaidAsync("B-FEED", seller);
        var page = await browser.SignedInAsync("seller", seller);
        await page.GotoAsync("/seller/feeds");

        var tsv = $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{orderId}\t\tNoInventory\n999-0000000-0000000\t\tNoInventory\n";
        await page.GetByLabel("Feed type").SelectOptionAsync("POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA");
        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "cancel.tsv", MimeType = "text/tab-separated-values", Buffer = Encoding.UTF8.GetBytes(tsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        var row = page.Locator("tr[data-feed-id]").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "seller-feeds");
        // The page refreshes itself while the feed runs (with a progress bar of records processed); then it shows DONE.
        await Assertions.Expect(row.GetByTestId("feed-status")).ToHaveTextAsync("DONE");
        await Assertions.Expect(row).ToContainTextAsync("2 processed, 1 successful, 1 with error");

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Download report (TSV)" }).ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message", report, StringComparison.Ordinal);
        Assert.Matches(new Regex("^2\t999-0000000-0000000\t\torder-not-found\tError\t", RegexOptions.Multiline), report);
    }

    [Fact]
    public async Task The_cancellation_rate_page_draws_the_daily_series_with_the_threshold_line()
    {
        var seller = "S-RATE";
        await browser.Orders.PlacePaidAsync("B-RATE", seller);
        var canceled = await browser.Orders.PlacePaidAsync("B-RATE", seller);
        await browser.Orders.ExecuteAsync(canceled, new OrderCommand.Cancel(Actor.Seller(seller), DateTimeOffset.UtcNow, "NoInventory"));
        var page = await browser.SignedInAsync("seller", seller);

        // One of the two orders has a cancellation counted against the seller, once the read model has it: 50 %, at risk.
        await ShowsAfterReloadsAsync(page, "/seller/cancellation-rate?days=14", page.GetByTestId("rate-status").Filter(new() { HasText = "At risk" }));
        await Assertions.Expect(page.GetByTestId("rate")).ToHaveTextAsync("50 %");
        var chart = page.Locator("svg.rate-chart");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("line.threshold")).ToHaveAttributeAsync("data-threshold", "0.025");
        await Assertions.Expect(chart.Locator("circle")).ToHaveCountAsync(14);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Cancellation Rate, daily" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "seller-rate");

        await page.GotoAsync("/seller/cancellation-rate?days=91");
        await Assertions.Expect(page.Locator("#problem-Days")).ToHaveTextAsync("Days must be 1 to 90.");
    }

    /// <summary>Reloads <paramref name="url"/> until <paramref name="target"/> shows (the read model catches up), within the fixture's timeout.</summary>
    private static async Task ShowsAfterReloadsAsync(IPage page, string url, ILocator target)
    {
        var deadline = DateTime.UtcNow + BrowserFixture.Timeout;
        while (true)
        {
            await page.GotoAsync(url);
            if (await target.CountAsync() > 0 || DateTime.UtcNow > deadline)
            {
                await Assertions.Expect(target).ToBeVisibleAsync();
                return;
            }
        }
    }
}
