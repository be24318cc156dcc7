using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Queues;

/// <summary>Where the two providers' SQL differs for the queue.</summary>
internal static class Dialect
{
    /// <summary>Claim rows nobody else holds; SQLite has one writer, so plain selection is already exclusive.</summary>
    public static string SkipLocked(StoreProvider provider) => provider == StoreProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;
}
