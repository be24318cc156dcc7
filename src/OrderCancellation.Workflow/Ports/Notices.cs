using System.Text.Json.Serialization;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Ports;

/// <summary>A buyer or seller notice (§4.6) as it is stored and sent; <paramref name="NotificationId"/> is the effect's id.</summary>
/// <param name="CreatedAt">The time of the decision that asked for it.</param>
public sealed record Notice(
    string NotificationId,
    string OrderId,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] NotificationKind Kind,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] Actor Recipient,
    string Subject,
    string Body,
    DateTimeOffset CreatedAt);

/// <summary>Where notices are kept, queryable per order (<c>GET /api/orders/{id}/notifications</c>).</summary>
public interface INoticeStore
{
    /// <summary>Stores the notice unless one with its id exists (a retry), and answers the stored one: a retry sends what the first attempt stored.</summary>
    Task<Notice> AddAsync(Notice notice, CancellationToken cancellationToken);
}

/// <summary>A way notices leave the service (e-mail, log…). Every registered sink gets every notice, at least once.</summary>
public interface INoticeSink
{
    Task DeliverAsync(Notice notice, CancellationToken cancellationToken);
}
