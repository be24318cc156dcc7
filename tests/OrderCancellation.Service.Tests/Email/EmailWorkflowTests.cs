using OrderCancellation.Domain.Effects;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Email;

/// <summary>
/// Notices by e-mail in the running app (<see cref="ActivityHost"/>): the workflow's SendNotification activities, their
/// retries (Durable Task's, short here), a real SMTP server.
/// </summary>
public sealed class EmailWorkflowTests
{
    [Fact]
    public async Task A_server_that_refuses_then_accepts_gets_one_message()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var orderId = await host.PlacePaidOrderAsync();
        smtp.RefuseNext(1);

        await host.SellerCancelsAsync(orderId, reason: "NoInventory");
        await host.WaitForCompletedAsync(orderId);

        // The refused notice's activity failed, was retried and sent it; the other went out at once. One message each.
        Assert.Equal(1, smtp.Refused);
        var messages = smtp.Messages;
        Assert.Equal(2, messages.Count);
        Assert.Equal(2, messages.Select(m => m.MessageId).Distinct().Count());
        var buyer = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "b1@buyers.example");
        Assert.Equal(Notices.OrderCanceledSubject, buyer.Subject);
        Assert.Contains(orderId, buyer.TextBody, StringComparison.Ordinal);
        var seller = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "s1@sellers.example");
        Assert.Equal(Notices.SellerConfirmationSubject, seller.Subject);
        Assert.Contains("Reason: NoInventory", seller.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }

    [Fact]
    public async Task A_marketplace_cancel_e_mails_the_buyer_why_in_plain_words()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var orderId = await host.PlacePaidOrderAsync();

        using var marketplace = host.Marketplace();
        using var answer = await marketplace.PostAsync(
            new Uri($"/api/orders/{orderId}/cancel", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { reason = "PricingError" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        await host.WaitForCompletedAsync(orderId);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("b1@buyers.example", message.To.Mailboxes.Single().Address);
        Assert.Contains("because the item was listed at an incorrect price", message.TextBody, StringComparison.Ordinal);
    }
}
