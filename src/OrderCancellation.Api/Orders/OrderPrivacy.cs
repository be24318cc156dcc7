using System.Text.Json.Nodes;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// What a buyer may not read on their own order (§5: "a buyer's view leaves out <c>countsAgainstSeller</c> and the seller's
/// notes"): whether a cancellation counts against the seller's Cancellation Rate, notes the buyer did not write (a
/// seller's, a feed's, Support's), and notices addressed to anyone but them. Every read a buyer makes goes through here:
/// the order, command answers (kept ones are rendered for their caller, keys being caller-scoped), history, notices.
/// The seller's message declining a request stays: it is written to the buyer, who gets it in a notice anyway.
/// </summary>
internal static class OrderPrivacy
{
    private const string CountsAgainstSellerField = "countsAgainstSeller";
    private const string NoteField = "note";

    public static bool IsBuyer(Actor caller) => caller.Role == ActorRole.Buyer;

    public static CancellationView View(Cancellation c, Actor caller) => IsBuyer(caller)
        ? new CancellationView(c.By, c.Reason, c.Lines, c.At, null, c.Restock, c.By == ActorRole.Buyer ? c.Note : null)
        : new CancellationView(c.By, c.Reason, c.Lines, c.At, c.CountsAgainstSeller, c.Restock, c.Note);

    /// <summary>A history entry's data as <paramref name="caller"/> may see it (edited in place; each read parses its own copy).</summary>
    /// <param name="author">Who caused the event: a buyer sees the notes they wrote themselves.</param>
    public static JsonObject HistoryData(JsonObject data, Actor? author, Actor caller)
    {
        if (IsBuyer(caller))
        {
            data.Remove(CountsAgainstSellerField);
            if (author?.Role != ActorRole.Buyer)
            {
                data.Remove(NoteField);
            }
        }

        return data;
    }

    /// <summary>A buyer reads only the notices addressed to them; everyone else who may see the order reads them all.</summary>
    public static IReadOnlyList<StoredNotification> Notices(IReadOnlyList<StoredNotification> notices, Actor caller) =>
        IsBuyer(caller) ? [.. notices.Where(n => n.Recipient == NoticeRecipients.Of(caller))] : notices;
}
