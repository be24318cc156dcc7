using System.Text;
using OrderCancellation.Pages.Tests.Infrastructure;

namespace OrderCancellation.Pages.Tests;

/// <summary>The Feeds page's upload form: one feed per form, however often it is sent, and refusals next to the file.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SellerFeedUploadTests(BrowserFixture browser)
{
    private const string FlatFile = "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA";

    private static string Tsv(string orderId) => $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{orderId}\t\tNoInventory\n";

    private static string NewSeller() => $"S-UP-{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task The_same_form_sent_twice_creates_one_feed_and_the_second_send_says_it_was_uploaded_already()
    {
        var page = await browser.SignedInAsync("seller", NewSeller());
        await page.GotoAsync("/seller/feeds");
        var form = await FormFieldsAsync(page);
        var tsv = Tsv("999-0000000-0000001");

        await UploadAsync(page, FlatFile, "cancel.tsv", "text/tab-separated-values", tsv);
        await Assertions.Expect(Notice(page)).ToContainTextAsync("is queued.");
        var feedId = await page.Locator("tr[data-feed-id]").First.GetAttributeAsync("data-feed-id");

        // The browser sends the very same form again (the back button's resubmission, a second click that got through).
        var again = await page.APIRequest.PostAsync("/seller/feeds", new()
        {
            Multipart = page.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", form.Antiforgery)
                .Set("submissionKey", form.SubmissionKey)
                .Set("feedType", FlatFile)
                .Set("file", new FilePayload { Name = "cancel.tsv", MimeType = "text/tab-separated-values", Buffer = Encoding.UTF8.GetBytes(tsv) }),
            MaxRedirects = 0,
        });
        Assert.Equal(302, again.Status); // back to the page, whose next render tells

        await page.GotoAsync("/seller/feeds");
        await Assertions.Expect(Notice(page)).ToHaveTextAsync($"Feed {feedId} was uploaded already (the form was sent twice).");
        await Assertions.Expect(page.Locator("tr[data-feed-id]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-feed-id='{feedId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Each_render_of_the_form_has_its_own_key_so_two_uploads_of_one_file_are_two_feeds()
    {
        var page = await browser.SignedInAsync("seller", NewSeller());
        await page.GotoAsync("/seller/feeds");
        var tsv = Tsv("999-0000000-0000002");

        await UploadAsync(page, FlatFile, "cancel.tsv", "text/tab-separated-values", tsv);
        await Assertions.Expect(Notice(page)).ToContainTextAsync("is queued.");
        await UploadAsync(page, FlatFile, "cancel.tsv", "text/tab-separated-values", tsv);

        await Assertions.Expect(page.Locator("tr[data-feed-id]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_form_sent_again_with_another_file_is_refused_next_to_the_file_and_the_fresh_form_uploads_it()
    {
        var page = await browser.SignedInAsync("seller", NewSeller());
        await page.GotoAsync("/seller/feeds");
        var form = await FormFieldsAsync(page);
        await UploadAsync(page, FlatFile, "first.tsv", "text/tab-separated-values", Tsv("999-0000000-0000003"));
        await Assertions.Expect(Notice(page)).ToContainTextAsync("is queued.");

        // The old form (its key) with another file, as the back button and a new choice of file would send it.
        var stale = await page.APIRequest.PostAsync("/seller/feeds", new()
        {
            Multipart = page.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", form.Antiforgery)
                .Set("submissionKey", form.SubmissionKey)
                .Set("feedType", FlatFile)
                .Set("file", new FilePayload { Name = "second.tsv", MimeType = "text/tab-separated-values", Buffer = Encoding.UTF8.GetBytes(Tsv("999-0000000-0000004")) }),
        });
        Assert.Equal(400, stale.Status);
        await page.SetContentAsync(await stale.TextAsync());
        await Assertions.Expect(page.Locator("#problem-file")).ToHaveTextAsync("This form was sent before with another file; choose the file again to upload it as a new feed.");

        await page.GotoAsync("/seller/feeds");
        await UploadAsync(page, FlatFile, "second.tsv", "text/tab-separated-values", Tsv("999-0000000-0000004"));
        await Assertions.Expect(Notice(page)).ToContainTextAsync("is queued.");
        await Assertions.Expect(page.Locator("tr[data-feed-id]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task An_XML_file_for_a_flat_file_feed_type_is_refused_next_to_the_file()
    {
        var page = await browser.SignedInAsync("seller", NewSeller());
        await page.GotoAsync("/seller/feeds");

        await UploadAsync(page, FlatFile, "cancel.xml", "text/xml", "<AmazonEnvelope/>");

        await Assertions.Expect(page.Locator("#problem-file")).ToHaveTextAsync($"This file is XML, and {FlatFile} is not an XML feed type.");
        await Assertions.Expect(page.Locator("tr[data-feed-id]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_file_whose_type_the_browser_guesses_as_none_of_the_feed_types_is_taken_as_the_feed_types_own()
    {
        var page = await browser.SignedInAsync("seller", NewSeller());
        await page.GotoAsync("/seller/feeds");

        await UploadAsync(page, FlatFile, "cancel.csv", "text/csv", Tsv("999-0000000-0000005"));

        await Assertions.Expect(Notice(page)).ToContainTextAsync("is queued.");
        await Assertions.Expect(page.Locator("tr[data-feed-id]")).ToHaveCountAsync(1);
    }

    private static ILocator Notice(IPage page) => page.Locator("p.notice");

    private static async Task UploadAsync(IPage page, string feedType, string name, string mimeType, string content)
    {
        await page.GetByLabel("Feed type").SelectOptionAsync(feedType);
        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = Encoding.UTF8.GetBytes(content) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
    }

    /// <summary>The rendered form's hidden fields: what the browser would send again with it.</summary>
    private static async Task<(string Antiforgery, string SubmissionKey)> FormFieldsAsync(IPage page)
    {
        var form = page.Locator("form[enctype='multipart/form-data']");
        var antiforgery = await form.Locator("input[name='__RequestVerificationToken']").InputValueAsync();
        var key = await form.Locator("input[name='submissionKey']").InputValueAsync();
        Assert.Matches("^[0-9a-f]{32}$", key);
        return (antiforgery, key);
    }
}
