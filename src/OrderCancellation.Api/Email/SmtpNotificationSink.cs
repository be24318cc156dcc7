using Microsoft.Extensions.Options;
using MimeKit;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Email;

/// <summary>
/// Buyer and seller notices by e-mail (registered when <c>Email:Smtp:Host</c> is set, after the log sink). One e-mail per
/// notice: a notice already recorded as sent is skipped, so a retried activity sends nothing. At least once, not exactly
/// once: when the server accepted the message but recording it failed (the store was down, the process died), the
/// retry sends it again, with the same Message-Id, by which receivers drop the copy.
/// </summary>
internal sealed class SmtpNotificationSink(
    EmailedNotices emailed,
    IContactDirectory contacts,
    SmtpSender smtp,
    IOptionsMonitor<EmailOptions> options,
    TimeProvider clock,
    ILogger<SmtpNotificationSink> logger) : INotificationSink
{
    public async Task DeliverAsync(string orderId, StoredNotification notice, CancellationToken cancellationToken)
    {
        if (RecipientOf(notice.Recipient) is not { } recipient)
        {
            return; // ORDER_CHANGE events for subscribers go by webhook, not e-mail
        }

        if (await emailed.SentAsync(notice.NotificationId, cancellationToken) is { } sentAs)
        {
            EmailLog.AlreadySent(logger, notice.NotificationId, sentAs);
            return;
        }

        if (await contacts.FindAsync(recipient, cancellationToken) is not { } to)
        {
            EmailLog.NoAddress(logger, notice.NotificationId, notice.Recipient);
            return;
        }

        var email = options.CurrentValue;
        var from = MailboxAddress.Parse(email.From ?? throw new InvalidOperationException("Email:From is not set."));
        var message = NoticeEmail.Build(orderId, notice, recipient, from, to, email.OrderLinkBase);
        var messageId = MessageIds.For(notice.NotificationId, from.Domain);
        await smtp.SendAsync(message, cancellationToken);
        EmailLog.Sent(logger, notice.NotificationId, orderId, notice.Recipient, messageId);
        await emailed.RecordAsync(notice.NotificationId, messageId, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary><c>buyer:B1</c> → the buyer B1 (ids may hold ':', roles do not); null for <c>subscribers</c>.</summary>
    internal static Actor? RecipientOf(string recipient)
    {
        var colon = recipient.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<ActorRole>(recipient[..colon], ignoreCase: true, out var role)
            ? new Actor(role, recipient[(colon + 1)..])
            : null;
    }
}
