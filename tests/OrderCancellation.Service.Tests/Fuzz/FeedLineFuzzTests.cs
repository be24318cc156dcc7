using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Service.Tests.Feeds.Ingestion;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>
/// Issue 18, point 5: mutated lines in feeds of every type, submitted to the standalone app on SQLite and processed by it.
/// Every feed ends DONE (a bad line never stops the document), every report row is printable with a code, and a record
/// whose order or item id is not an id is an error row of the parser, never a command (no answer kept under its key).
/// </summary>
public sealed class FeedLineFuzzTests(SqliteHost fixture, ITestOutputHelper output) : IClassFixture<SqliteHost>
{
    private const string Seller = "S-feed-fuzz";
    private const int LinesPerFeed = 850;
    private const int FeedsPerType = 4;

    private static readonly HashSet<string> ParserCodes = typeof(FeedErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);

    private static readonly string[] HostileCells =
    [
        "", " ", "\u0000", "\u202E", "0", "-1", "10001", "99999999999", "1.5", "1e3", "NoInventory", "CustomerCancel", "BuyerCanceled", "Bogus",
        "\"L1\"", "\"\"", "😀", "\uFEFF", "\u200B", new string('x', 101), new string('7', 40_000), "L1", "L2", "=cmd|' /C calc'!A0",
    ];

    private ServiceHost Host => fixture.Host;

    private sealed record FeedFormat(string FeedType, string Header, Func<string, string[]> Fields);

    [Fact]
    public async Task Ten_thousand_mutated_feed_lines_are_records_or_error_rows_and_bad_ids_never_become_commands()
    {
        var orders = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            orders.Add(await Host.PlaceAsync(OrderApi.Order(orderId: $"FZF-{n}-{Guid.NewGuid():N}"[..24], sellerId: Seller)));
        }

        using var seller = Host.As("seller", Seller);
        var random = new Random(FuzzSeed.Value + 200);
        var failures = new List<string>();
        var lines = 0;
        FeedFormat[] formats =
        [
            new(FeedClient.Ack, "order-id\tamazon-order-item-code\tcancellation-reason-code", id => [id, "L1", "NoInventory"]),
            new(FeedClient.Adjustment, "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled", id => [id, "L1", "NoInventory", "1"]),
        ];
        for (var f = 0; f < FeedsPerType; f++)
        {
            foreach (var format in formats)
            {
                var (document, mustFail) = TsvDocument(format, orders, random);
                await CheckAsync(seller, format.FeedType, document, mustFail, failures);
                lines += LinesPerFeed;
            }

            var (json, jsonMustFail) = JsonDocument(orders, random);
            await CheckAsync(seller, FeedClient.Json, json, jsonMustFail, failures);
            lines += LinesPerFeed;
        }

        output.WriteLine($"{FuzzSeed.Replay}: {lines} feed lines");
        Assert.True(failures.Count == 0, $"{failures.Count} failures with {FuzzSeed.Replay}: {string.Join(Environment.NewLine, failures.Take(10))}");
        Assert.True(lines >= 10_000);
    }

    private async Task CheckAsync(HttpClient seller, string feedType, string document, HashSet<long> mustFail, List<string> failures)
    {
        var feedId = await FeedClient.SubmitAsync(seller, feedType, document);
        var feed = await FeedClient.WaitForEndAsync(seller, feedId, TimeSpan.FromMinutes(2));
        if (FeedClient.Status(feed) != "DONE")
        {
            failures.Add($"{feedType} feed {feedId} ended {feed}");
            return;
        }

        var rows = FeedClient.TsvRows(await FeedClient.ReportTsvAsync(seller, feedId));
        var byRecord = rows.GroupBy(r => r.Record).ToDictionary(g => g.Key, g => g.First());
        foreach (var row in rows.Where(r => r.Code.Length == 0 || !Printable(r.OrderId) || !Printable(r.ItemId)))
        {
            failures.Add($"{feedType} feed {feedId} has an unreadable report row {row}");
        }

        var keys = CommandKeys(feedId);
        foreach (var record in mustFail)
        {
            if (!byRecord.TryGetValue(record.ToString(System.Globalization.CultureInfo.InvariantCulture), out var row) || !ParserCodes.Contains(row.Code))
            {
                failures.Add($"{feedType} feed {feedId} record {record} has a bad id but {(row.Code is null ? "no error row" : $"the row {row}")}");
            }

            if (keys.Contains($"{feedId}:{record}"))
            {
                failures.Add($"{feedType} feed {feedId} record {record} has a bad id and became a command");
            }
        }
    }

    /// <summary>Lines of a flat file, most mutated: a bad order or item id (the record must fail in the parser), or 1 to 3 cells made hostile, dropped or added.</summary>
    private static (string Document, HashSet<long> MustFail) TsvDocument(FeedFormat format, List<string> orders, Random random)
    {
        var mutator = new JsonMutator(random);
        var mustFail = new HashSet<long>();
        var text = new StringBuilder(format.Header).Append('\n');
        for (var n = 1; n <= LinesPerFeed; n++)
        {
            var cells = format.Fields(OrderIdFor(orders, random)).ToList();
            var roll = random.Next(100);
            if (roll < 30)
            {
                cells[0] = mutator.NotAnId();
                mustFail.Add(n);
            }
            else if (roll < 45)
            {
                cells[1] = mutator.NotAnId();
                mustFail.Add(n);
            }
            else if (roll < 95)
            {
                for (var m = 1 + random.Next(3); m > 0; m--)
                {
                    MutateCells(cells, random);
                }
            }

            // A line of blanks would be skipped and shift nothing, but keep every line a record so numbers match lines.
            text.Append(string.Join('\t', cells) is { } line && !string.IsNullOrWhiteSpace(line) ? line : "X").Append('\n');
        }

        return (text.ToString(), mustFail);
    }

    private static void MutateCells(List<string> cells, Random random)
    {
        var roll = random.Next(100);
        if (roll < 75)
        {
            cells[random.Next(cells.Count)] = HostileCells[random.Next(HostileCells.Length)];
        }
        else if (roll < 85 && cells.Count > 1)
        {
            cells.RemoveAt(random.Next(cells.Count));
        }
        else if (roll < 95)
        {
            cells.Add(HostileCells[random.Next(HostileCells.Length)]);
        }
        else
        {
            var i = random.Next(cells.Count);
            cells[i] = $"\"{cells[i]}\"";
        }
    }

    /// <summary>A JSON_ORDER_CANCELLATION document whose messages are mutated like request bodies (their messageId kept, so it stays the record number).</summary>
    private static (string Document, HashSet<long> MustFail) JsonDocument(List<string> orders, Random random)
    {
        var mutator = new JsonMutator(random);
        var mustFail = new HashSet<long>();
        var messages = new JsonArray();
        for (var n = 1; n <= LinesPerFeed; n++)
        {
            var message = new JsonObject
            {
                ["orderId"] = OrderIdFor(orders, random),
                ["reason"] = "NoInventory",
                ["lines"] = new JsonArray(new JsonObject { ["lineId"] = "L1", ["quantity"] = 1 }),
            };
            var roll = random.Next(100);
            if (roll < 30)
            {
                message["orderId"] = mutator.NotAnId();
                mustFail.Add(n);
            }
            else if (roll < 45)
            {
                message["lines"]![0]!["lineId"] = mutator.NotAnId();
                mustFail.Add(n);
            }
            else if (roll < 95)
            {
                message = mutator.MutateTree(message);
            }

            var numbered = new JsonObject { ["messageId"] = n };
            foreach (var (name, value) in message.ToList())
            {
                message.Remove(name);
                numbered[name] = value;
            }

            messages.Add(numbered);
        }

        return (new JsonObject { ["messages"] = messages }.ToJsonString(), mustFail);
    }

    /// <summary>Mostly orders that do not exist (cheap to refuse), sometimes the seller's own.</summary>
    private static string OrderIdFor(List<string> orders, Random random) =>
        random.Next(100) < 10 ? orders[random.Next(orders.Count)] : $"FZ-NONE-{random.Next(1_000_000)}";

    private static bool Printable(string value) =>
        value.All(c => !char.IsControl(c) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);

    private HashSet<string> CommandKeys(string feedId)
    {
        var store = Host.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Store"]!;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(store) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT command_id FROM command_answers WHERE command_id LIKE @prefix";
        command.Parameters.AddWithValue("@prefix", feedId + ":%");
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
