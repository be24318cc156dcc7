using Microsoft.Extensions.Options;
using MimeKit;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Email;

/// <summary>
/// The default <see cref="IContactDirectory"/>: <c>Email:Contacts:&lt;Role&gt;:&lt;id&gt;</c>, else, for buyers and sellers,
/// <c>&lt;id&gt;@&lt;Email:DefaultDomain&gt;</c> when the id makes a valid local part. Keys match without regard to case,
/// as configuration keys do.
/// </summary>
internal sealed class ConfigurationContactDirectory(IOptionsMonitor<EmailOptions> options) : IContactDirectory
{
    public ValueTask<MailboxAddress?> FindAsync(Actor recipient, CancellationToken cancellationToken)
    {
        var email = options.CurrentValue;
        var role = email.Contacts.FirstOrDefault(r => string.Equals(r.Key, recipient.Role.ToString(), StringComparison.OrdinalIgnoreCase)).Value;
        var listed = role?.FirstOrDefault(c => string.Equals(c.Key, recipient.Id, StringComparison.OrdinalIgnoreCase)).Value;
        if (listed is not null)
        {
            return ValueTask.FromResult(EmailOptions.IsAddress(listed) ? MailboxAddress.Parse(listed) : null);
        }

        var byPattern = recipient.Role is ActorRole.Buyer or ActorRole.Seller && !string.IsNullOrWhiteSpace(email.DefaultDomain)
            && MailboxAddress.TryParse($"{recipient.Id}@{email.DefaultDomain}", out var fallback) && fallback.LocalPart == recipient.Id
            ? fallback
            : null;
        return ValueTask.FromResult(byPattern);
    }
}
