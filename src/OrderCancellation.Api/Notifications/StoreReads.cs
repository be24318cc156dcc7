using System.Data.Common;

namespace OrderCancellation.Api.Notifications;

/// <summary>Reads on a connection of their own (writes go through <c>BeginWriteAsync</c>).</summary>
internal static class StoreReads
{
    public static DbCommand Command(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
