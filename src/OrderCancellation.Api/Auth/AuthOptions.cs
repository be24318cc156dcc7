using System.ComponentModel.DataAnnotations;
using System.Text;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// Bearer-token settings (section <c>Auth</c>). Dev and test sign HS256 tokens with
/// <see cref="SigningKey"/>; production validates tokens from an OIDC <see cref="Authority"/>.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The key shipped in <c>local.settings.sample.json</c> and <c>appsettings.Development.json</c>: public, so it is
    /// refused at start outside Development (<see cref="AuthOptionsValidator"/>).
    /// </summary>
    public const string DevelopmentSigningKey = "dev-only-signing-key-change-me-0123456789abcdef";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Unset in production.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Token issuer. Default <c>order-cancellation</c>.</summary>
    public string Issuer { get; set; } = "order-cancellation";

    /// <summary>Token audience. Default <c>order-cancellation</c>.</summary>
    public string Audience { get; set; } = "order-cancellation";

    /// <summary>OIDC authority (metadata at <c>/.well-known/openid-configuration</c>); when set, it is used instead of the signing key.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// The longest a token may live, from its <c>iat</c> (or <c>nbf</c>) to its <c>exp</c>; a token issued for longer is
    /// refused even while it is still valid, so a leaked long-lived token is worthless. Default 1 day.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Authority) && string.IsNullOrEmpty(SigningKey))
        {
            yield return new ValidationResult("Set Auth:Authority (OIDC) or Auth:SigningKey (dev/test HS256).", [nameof(SigningKey), nameof(Authority)]);
        }

        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < 32)
        {
            yield return new ValidationResult("Auth:SigningKey must be at least 32 bytes.", [nameof(SigningKey)]);
        }

        if (MaxTokenLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Auth:MaxTokenLifetime must be positive (e.g. 1.00:00:00).", [nameof(MaxTokenLifetime)]);
        }
    }
}
