using System.Data.Common;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>Reading <c>durable_instances</c> rows.</summary>
internal static class InstanceRows
{
    public const string Columns = "i.instance_id, i.workflow_name, i.state, i.version, i.status, i.custom_status, i.created_at, i.updated_at";

    public const string SelectUnlocked = $"SELECT {Columns} FROM durable_instances i WHERE i.instance_id = @id";

    public static string SelectOne(StoreProvider provider) =>
        $"SELECT {Columns} FROM durable_instances i WHERE i.instance_id = @id{Dialect.ForUpdate(provider)}";

    /// <summary>Reads the instance columns starting at <paramref name="first"/>.</summary>
    public static InstanceSnapshot Read(DbDataReader reader, int first = 0) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetInt64(first + 3),
        Enum.Parse<InstanceStatus>(reader.GetString(first + 4)),
        reader.NullableString(first + 5),
        StoreTime.FromStore(reader.GetInt64(first + 6)),
        StoreTime.FromStore(reader.GetInt64(first + 7)));

    public static async Task<InstanceSnapshot?> LoadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }
}
