using MimeKit;

namespace OrderCancellation.Api.Email;

/// <summary>
/// Notices by e-mail, bound from the <c>Email</c> section and validated at start. E-mail is on when
/// <c>Email:Smtp:Host</c> is set; otherwise notices are only logged. Retries are the workflow's (<c>Workflow:Effect*</c>).
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender, e.g. <c>Amazon &lt;no-reply@example.com&gt;</c>; required when e-mail is on. Its domain names the Message-Ids.</summary>
    public string? From { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// Addresses per recipient: <c>Email:Contacts:Buyer:&lt;buyerId&gt;</c>, <c>Email:Contacts:Seller:&lt;sellerId&gt;</c>,
    /// <c>Email:Contacts:Marketplace:&lt;id&gt;</c> (the fulfillment network is <c>fulfillment-network</c>).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Contacts { get; set; } = [];

    /// <summary>A buyer or seller without a contact gets <c>&lt;id&gt;@&lt;DefaultDomain&gt;</c>. Default unset: no address, the notice is only logged.</summary>
    public string? DefaultDomain { get; set; }

    /// <summary>Where the e-mail links the order: this absolute http(s) URL, a slash and the order id. Default unset: the order id only.</summary>
    public Uri? OrderLinkBase { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>Whether <paramref name="value"/> is one mailbox with a domain (<c>user@domain</c>, optionally with a display name).</summary>
    public static bool IsAddress(string? value) =>
        MailboxAddress.TryParse(value, out var address) && !string.IsNullOrEmpty(address.LocalPart) && !string.IsNullOrEmpty(address.Domain);

    /// <summary>The first thing wrong with the options, or null.</summary>
    public string? Problem()
    {
        if (!Enabled)
        {
            return null;
        }

        if (!IsAddress(From))
        {
            return "Email:From must be a mailbox address (name <user@domain>) when Email:Smtp:Host is set.";
        }

        if (Smtp.Port is < 1 or > 65535 || Smtp.Timeout <= TimeSpan.Zero)
        {
            return "Email:Smtp:Port must be 1 to 65535 and Email:Smtp:Timeout positive.";
        }

        if (!string.IsNullOrEmpty(Smtp.User) && Smtp.Password is null)
        {
            return "Email:Smtp:Password is required with Email:Smtp:User.";
        }

        if (OrderLinkBase is { IsAbsoluteUri: false } || OrderLinkBase is { Scheme: not ("http" or "https") })
        {
            return "Email:OrderLinkBase must be an absolute http(s) URL.";
        }

        return Contacts.SelectMany(role => role.Value.Select(c => (Key: $"Email:Contacts:{role.Key}:{c.Key}", c.Value)))
            .Where(c => !IsAddress(c.Value))
            .Select(c => $"{c.Key} is not a mailbox address.")
            .FirstOrDefault();
    }
}

public sealed class SmtpOptions
{
    /// <summary>The SMTP server. Default unset: notices are only logged.</summary>
    public string? Host { get; set; }

    /// <summary>Default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>TLS: <c>None</c>, <c>StartTls</c> (required), <c>SslOnConnect</c> or <c>Auto</c> (TLS on 465, STARTTLS when offered). Default Auto.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Authenticates when set. Default unset.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one connection and send may take. Default 00:00:30.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }
