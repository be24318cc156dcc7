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

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Unset in production.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Token issuer. Default <c>order-cancellation</c>.</summary>
    public string Issuer { get; set; } = "order-cancellation";

    /// <summary>Token audience. Default <c>order-cancellation</c>.</summary>
    public string Audience { get; set; } = "order-cancellation";

    /// <summary>OIDC authority (metadata at <c>/.well-known/openid-configuration</c>); when set, it is used instead of the signing key.</summary>
    public string? Authority { get; set; }

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
    }
}
