using System.Data.Common;

namespace DurableTask.Relational.Store;

/// <summary>Statements whose results nobody needs before the next one runs, sent together: PostgreSQL gets them
/// in one round trip (a batch), SQLite runs them one after another on its cached statements.</summary>
internal sealed class StatementBatch
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];

    public int Count => _statements.Count;

    /// <summary>Adds a statement; returns its index in <see cref="IRelationalDatabase.ExecuteAsync"/>'s answer.</summary>
    public int Add(string sql, params (string Name, object? Value)[] parameters)
    {
        _statements.Add((sql, parameters));
        return _statements.Count - 1;
    }

    public IReadOnlyList<(string Sql, (string Name, object? Value)[] Parameters)> Statements => _statements;

    /// <summary>Runs the statements in order on <paramref name="transaction"/> one by one; returns rows affected.</summary>
    public async Task<int[]> ExecuteOneByOneAsync(DbTransaction transaction)
    {
        var affected = new int[_statements.Count];
        for (var i = 0; i < _statements.Count; i++)
        {
            affected[i] = await transaction.ExecuteAsync(_statements[i].Sql, _statements[i].Parameters);
        }

        return affected;
    }
}
