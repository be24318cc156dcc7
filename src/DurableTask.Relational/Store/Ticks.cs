namespace DurableTask.Relational.Store;

/// <summary>Times are stored as UTC ticks (100 ns) in a 64-bit integer on both databases: exact, so a timer's
/// due time is never rounded earlier, and compared the same way everywhere.</summary>
internal static class Ticks
{
    public static long Of(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    public static DateTime ToUtc(long ticks) => new(ticks, DateTimeKind.Utc);

    public static DateTime? ToUtc(long? ticks) => ticks is { } t ? ToUtc(t) : null;
}
