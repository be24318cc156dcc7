namespace OrderCancellation.Store.Storage;

/// <summary>
/// Times are stored as Unix milliseconds (UTC) in a 64-bit integer on both providers, so one set of SQL
/// serves both and comparisons use plain integer indexes. Sub-millisecond precision is dropped.
/// </summary>
internal static class StoreTime
{
    public static long ToStore(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromStore(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
