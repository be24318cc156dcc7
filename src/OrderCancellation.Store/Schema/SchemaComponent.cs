using System.Reflection;

namespace OrderCancellation.Store.Schema;

/// <summary>
/// A component's versioned schema scripts, embedded in <paramref name="Assembly"/> as
/// <c>{ResourcePrefix}.Sqlite.NNNN-name.sql</c> and <c>{ResourcePrefix}.Postgres.NNNN-name.sql</c>
/// (a <c>Schema/Sqlite/0001-initial.sql</c> file in a project whose root namespace is <c>X</c> has the prefix <c>X.Schema</c>).
/// Scripts are immutable once released: their SHA-256 is recorded and checked on every start.
/// </summary>
public sealed record SchemaComponent(string Name, Assembly Assembly, string ResourcePrefix)
{
    /// <summary>The store's own tables: the embedded queue. Applied first.</summary>
    public static SchemaComponent Queue { get; } = new("queue", typeof(SchemaComponent).Assembly, "OrderCancellation.Store.Schema");
}
