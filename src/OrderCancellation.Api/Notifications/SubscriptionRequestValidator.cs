using OrderCancellation.Domain.Effects;

namespace OrderCancellation.Api.Notifications;

/// <summary>A valid subscription request: absolute http(s) URL, a secret of 16 to 256 characters, a non-empty set of known events.</summary>
public sealed record ValidSubscriptionRequest(Uri Url, string Secret, IReadOnlyList<OrderChangeType> Events);

public static class SubscriptionRequestValidator
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const int MaxUrlLength = 2048;

    public static (ValidSubscriptionRequest? Request, IDictionary<string, string[]> Errors) Validate(SubscriptionRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        Uri? url = null;
        if (string.IsNullOrWhiteSpace(body.Url))
        {
            errors["url"] = ["A url is required."];
        }
        else if (body.Url.Length > MaxUrlLength
            || !Uri.TryCreate(body.Url, UriKind.Absolute, out url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors["url"] = [$"An absolute http or https URL without credentials, at most {MaxUrlLength} characters."];
        }

        if (string.IsNullOrEmpty(body.Secret) || body.Secret.Length < MinSecretLength || body.Secret.Length > MaxSecretLength)
        {
            errors["secret"] = [$"A secret of {MinSecretLength} to {MaxSecretLength} characters is required."];
        }

        var events = new List<OrderChangeType>();
        if (body.Events is not { Count: > 0 })
        {
            errors["events"] = [$"At least one of: {string.Join(", ", Enum.GetNames<OrderChangeType>())}."];
        }
        else
        {
            foreach (var name in body.Events)
            {
                if (name is not null && Enum.GetNames<OrderChangeType>().Contains(name, StringComparer.Ordinal))
                {
                    var type = Enum.Parse<OrderChangeType>(name);
                    if (!events.Contains(type))
                    {
                        events.Add(type);
                    }
                }
                else
                {
                    errors["events"] = [$"'{name}' is not one of: {string.Join(", ", Enum.GetNames<OrderChangeType>())}."];
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new ValidSubscriptionRequest(url!, body.Secret!, [.. events.Order()]), errors);
    }
}
