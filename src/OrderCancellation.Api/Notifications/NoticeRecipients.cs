using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Notifications;

/// <summary>How a notice names its recipient: <c>buyer:B1</c>, <c>seller:S1</c>, or <c>subscribers</c> for ORDER_CHANGE events.</summary>
public static class NoticeRecipients
{
    public const string Subscribers = "subscribers";

    public static string Of(Actor actor) => $"{actor.Role.ToString().ToLowerInvariant()}:{actor.Id}";
}
