using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OrderCancellation.Api.Email;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;
using OrderCancellation.Workflow.Activities;

namespace OrderCancellation.Service.Tests.Email;

/// <summary>
/// Notices by e-mail through the app's sinks (<c>AddStore</c> + <c>AddActivities</c>, a real store) to a real SMTP server:
/// the workflow's <see cref="SendNotificationActivity"/> run once, and run again as a retry runs it.
/// </summary>
public sealed class EmailSinkTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>The seller cancels a paid order: the buyer's notice, as the workflow would hand it to the activity.</summary>
    private static EffectInput<Activity.SendNotification> BuyerNoticeOfASellerCancel(string orderId, string reason = "GeneralAdjustment")
    {
        var (_, activities) = OrderScenario.SellerCancels(OrderScenario.PaidOrder(orderId), reason);
        var notice = activities.OfType<Activity.SendNotification>().First(n => n.Kind == NotificationKind.OrderCanceled);
        return new EffectInput<Activity.SendNotification>(orderId, $"{orderId}:3:2", At, notice);
    }

    private static SendNotificationActivity Activity(PortHost ports) => new(ports.NoticeStore, ports.NoticeSinks);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_notice_is_sent_once_with_text_and_html_bodies(StoreKind store)
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(store, smtp.Settings(("Email:OrderLinkBase", "https://www.amazon.example/orders")));
        var orderId = OrderScenario.NewOrderId();
        var input = BuyerNoticeOfASellerCancel(orderId);

        await Activity(ports).RunAsync(null!, input);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("\"Amazon\" <no-reply@orders.example>", message.From.ToString());
        Assert.Equal("b1@buyers.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal(Notices.OrderCanceledSubject, message.Subject);
        Assert.Equal(MessageIds.For(input.EffectId, "orders.example"), message.MessageId);
        Assert.Equal(At.ToUnixTimeSeconds(), message.Date.ToUnixTimeSeconds()); // the Date header has whole seconds

        var text = message.TextBody;
        Assert.StartsWith("Hello,", text, StringComparison.Ordinal);
        Assert.Contains(input.Activity.Body, text, StringComparison.Ordinal);
        Assert.Contains($"Order ID: {orderId}", text, StringComparison.Ordinal);
        Assert.Contains($"View your orders: https://www.amazon.example/orders/{orderId}", text, StringComparison.Ordinal);
        Assert.Contains("Amazon.com", text, StringComparison.Ordinal);

        var html = message.HtmlBody;
        Assert.Contains("<h1 style=\"font-size:18px\">Your order has been canceled</h1>", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(input.Activity.Body), html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://www.amazon.example/orders/{orderId}\">View your orders</a>", html, StringComparison.Ordinal);
        Assert.Equal(["text/plain", "text/html"], message.BodyParts.OfType<TextPart>().Select(p => p.ContentType.MimeType));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_retried_activity_sends_no_second_email(StoreKind store)
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(store, smtp.Settings());
        var input = BuyerNoticeOfASellerCancel(OrderScenario.NewOrderId());

        await Activity(ports).RunAsync(null!, input);
        await Activity(ports).RunAsync(null!, input);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal(message.MessageId, await ports.Services.GetRequiredService<EmailedNotices>().SentAsync(input.EffectId, default));
        Assert.Equal(2, ports.Sink.Received.Count); // the other sinks still get every attempt, as before
    }

    [Fact]
    public async Task A_send_whose_record_was_lost_is_sent_again_with_the_same_message_id()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var input = BuyerNoticeOfASellerCancel(OrderScenario.NewOrderId());
        await Activity(ports).RunAsync(null!, input);

        // As if the process died between the server's 250 and the record: at least once, and receivers dedupe by Message-Id.
        var connections = ports.Services.GetRequiredService<IStoreConnectionFactory>();
        await using (var tx = await connections.BeginWriteAsync())
        {
            await tx.Command("UPDATE notifications SET email_message_id = NULL, emailed_at = NULL WHERE notification_id = @id")
                .With("@id", input.EffectId).ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        await Activity(ports).RunAsync(null!, input);

        Assert.Equal(2, smtp.Messages.Count);
        Assert.Single(smtp.Messages.Select(m => m.MessageId).Distinct());
    }

    [Fact]
    public async Task A_refused_message_fails_the_activity_and_its_retry_sends_it()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var input = BuyerNoticeOfASellerCancel(OrderScenario.NewOrderId());
        smtp.RefuseNext(1);

        await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => Activity(ports).RunAsync(null!, input));
        Assert.Null(await ports.Services.GetRequiredService<EmailedNotices>().SentAsync(input.EffectId, default));
        await Activity(ports).RunAsync(null!, input);

        Assert.Equal(1, smtp.Refused);
        Assert.Equal(MessageIds.For(input.EffectId, "orders.example"), Assert.Single(smtp.Messages).MessageId);
    }

    [Fact]
    public async Task Every_value_is_html_encoded_in_the_html_body()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var orderId = OrderScenario.NewOrderId();
        var notice = new Activity.SendNotification(
            NotificationKind.CancellationRequestDeclined, Domain.Model.Actor.Buyer("B1"), "Declined <now>", "The seller said: <script>alert('x')</script> & more");

        await Activity(ports).RunAsync(null!, new EffectInput<Activity.SendNotification>(orderId, $"{orderId}:4:0", At, notice));

        var message = Assert.Single(smtp.Messages);
        Assert.Contains("The seller said: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<title>Declined &lt;now&gt;</title>", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script>", message.TextBody, StringComparison.Ordinal); // plain text is not HTML
    }

    [Fact]
    public async Task A_recipient_without_an_address_gets_no_email_and_the_activity_succeeds()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, smtp.Settings());
        var orderId = OrderScenario.NewOrderId();
        var notice = new Activity.SendNotification(NotificationKind.OrderCanceled, Domain.Model.Actor.Buyer("B-unknown"), Notices.OrderCanceledSubject, "body");

        Assert.Equal($"{orderId}:2:0", await Activity(ports).RunAsync(null!, new EffectInput<Activity.SendNotification>(orderId, $"{orderId}:2:0", At, notice)));

        Assert.Empty(smtp.Messages);
        Assert.Single(ports.Sink.Received);
    }

    [Fact]
    public async Task Without_an_smtp_host_notices_are_only_logged()
    {
        await using var smtp = SmtpTestServer.Start();
        var settings = smtp.Settings();
        settings.Remove("Email:Smtp:Host");
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, settings);

        await Activity(ports).RunAsync(null!, BuyerNoticeOfASellerCancel(OrderScenario.NewOrderId()));

        var sinks = ports.Services.GetServices<INotificationSink>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(LogNotificationSink), sinks);
        Assert.DoesNotContain(typeof(SmtpNotificationSink), sinks);
        Assert.Single(ports.Sink.Received);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_smtp_host_without_a_from_address_fails_the_start()
    {
        await using var smtp = SmtpTestServer.Start();
        var settings = smtp.Settings();
        settings.Remove("Email:From");

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => PortHost.StartAsync(StoreKind.Sqlite, settings));
        Assert.Contains("Email:From", failure.Message, StringComparison.Ordinal);
    }
}
