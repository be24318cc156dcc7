namespace OrderCancellation.Domain.Events;

/// <summary>
/// What happened to an order. Closed hierarchy: the cases are nested records in the partial files
/// of this folder. Every event carries the moment it happened (<see cref="At"/>: the command's Now).
/// </summary>
public abstract partial record OrderEvent
{
    private OrderEvent(DateTimeOffset at) => At = at;

    public DateTimeOffset At { get; }

    /// <summary>A stable name for history rows (the case's type name).</summary>
    public string EventType => GetType().Name;
}
