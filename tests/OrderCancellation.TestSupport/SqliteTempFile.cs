using Microsoft.Data.Sqlite;

namespace OrderCancellation.TestSupport;

/// <summary>A SQLite database file in its own temp folder, deleted (with its WAL files) on dispose.</summary>
public sealed class SqliteTempFile : IDisposable
{
    public SqliteTempFile(string name = "store.db")
    {
        Folder = Path.Combine(Path.GetTempPath(), $"oc-sqlite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, name);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
