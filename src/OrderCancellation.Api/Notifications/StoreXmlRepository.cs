using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// The Data Protection key ring kept in the app's store (<c>data_protection_keys</c>), so every instance and every restart
/// of either host reads the same keys. Data Protection calls it synchronously and rarely (when it loads or refreshes its
/// key ring, about daily, and when it creates a key), so the store's async calls are waited on here.
/// </summary>
internal sealed class StoreXmlRepository(IStoreConnectionFactory connections) : IXmlRepository
{
    private const string SelectAll = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name";

    // A key's friendly name is "key-{id}": a second write of the same element inserts nothing.
    private const string Insert = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at)
        ON CONFLICT (friendly_name) DO NOTHING
        """;

    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        await using var connection = await connections.OpenConnectionAsync();
        await using var command = connection.Command(SelectAll);
        await using var reader = await command.ExecuteReaderAsync();
        var elements = new List<XElement>();
        while (await reader.ReadAsync())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        await using var tx = await connections.BeginWriteAsync();
        await tx.Command(Insert)
            .With("@name", friendlyName).With("@xml", element.ToString(SaveOptions.DisableFormatting))
            .With("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
