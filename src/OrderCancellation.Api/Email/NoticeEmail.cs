using System.Net;
using System.Text;
using MimeKit;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Email;

/// <summary>
/// A stored notice as an e-mail: its subject, a text/plain and a text/html body laid out by its kind's
/// <see cref="NoticeTemplate"/>, and a Message-Id derived from the notice id (<see cref="MessageIds"/>), so that every
/// attempt sends the same message and receivers can drop a second copy. Every value is HTML-encoded in the HTML part.
/// </summary>
public static class NoticeEmail
{
    public static MimeMessage Build(string orderId, StoredNotification notice, Actor recipient, MailboxAddress from, MailboxAddress to, Uri? orderLinkBase)
    {
        var template = NoticeTemplates.For(Enum.Parse<NotificationKind>(notice.Kind));
        var audience = AudienceOf(recipient);
        var link = orderLinkBase is null ? null : $"{orderLinkBase.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(orderId)}";
        var message = new MimeMessage
        {
            Subject = notice.Subject,
            MessageId = MessageIds.For(notice.NotificationId, from.Domain),
            Date = notice.CreatedAt,
            Body = new BodyBuilder { TextBody = Text(orderId, notice, template, audience, link), HtmlBody = Html(orderId, notice, template, audience, link) }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(to);
        return message;
    }

    public static EmailAudience AudienceOf(Actor recipient) => recipient.Role switch
    {
        ActorRole.Buyer => EmailAudience.Buyer,
        ActorRole.Seller => EmailAudience.Seller,
        _ => EmailAudience.FulfillmentNetwork,
    };

    private static string Text(string orderId, StoredNotification notice, NoticeTemplate template, EmailAudience audience, string? link)
    {
        var text = new StringBuilder()
            .Append(NoticeTemplates.Greeting(audience)).Append("\n\n")
            .Append(template.Heading).Append("\n\n")
            .Append(notice.Body).Append("\n\n")
            .Append("Order ID: ").Append(orderId).Append('\n');
        if (link is not null)
        {
            text.Append(template.LinkText).Append(": ").Append(link).Append('\n');
        }

        text.Append('\n').AppendJoin('\n', NoticeTemplates.Footer(audience)).Append('\n');
        return text.ToString();
    }

    private static string Html(string orderId, StoredNotification notice, NoticeTemplate template, EmailAudience audience, string? link)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(E(notice.Subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,sans-serif\">")
            .Append("<p>").Append(E(NoticeTemplates.Greeting(audience))).Append("</p>")
            .Append("<h1 style=\"font-size:18px\">").Append(E(template.Heading)).Append("</h1>")
            .Append("<p>").Append(E(notice.Body)).Append("</p>")
            .Append("<p>Order ID: <strong>").Append(E(orderId)).Append("</strong></p>");
        if (link is not null)
        {
            html.Append("<p><a href=\"").Append(E(link)).Append("\">").Append(E(template.LinkText)).Append("</a></p>");
        }

        html.Append("<p>").AppendJoin("<br>", NoticeTemplates.Footer(audience).Select(E)).Append("</p></body></html>");
        return html.ToString();
    }
}
