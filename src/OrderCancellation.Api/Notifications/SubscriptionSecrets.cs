using Microsoft.AspNetCore.DataProtection;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Subscription secrets at rest: encrypted with ASP.NET Core Data Protection (keys in the store's
/// <c>data_protection_keys</c> table, see <see cref="StoreXmlRepository"/>), stored as <c>dp1:&lt;protected&gt;</c>.
/// A value without that prefix is a row written before secrets were protected, read as it is.
/// </summary>
internal sealed class SubscriptionSecrets(IDataProtectionProvider provider)
{
    private const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector("OrderCancellation.Webhooks.SubscriptionSecret.v1");

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that protected it is gone, or the value was altered.</exception>
    public string Unprotect(string stored) =>
        stored.StartsWith(Prefix, StringComparison.Ordinal) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;
}
