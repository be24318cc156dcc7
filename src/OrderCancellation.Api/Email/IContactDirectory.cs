using MimeKit;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Email;

/// <summary>Where a notice's recipient (a buyer, a seller, the fulfillment network) reads e-mail. A port: a customer database plugs in here.</summary>
public interface IContactDirectory
{
    /// <summary>The recipient's address, or null when none is known (the notice is then only logged).</summary>
    ValueTask<MailboxAddress?> FindAsync(Actor recipient, CancellationToken cancellationToken);
}
