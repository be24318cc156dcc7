using System.Data.Common;

namespace DurableTask.Relational.WorkerHost;

/// <summary>
/// The side table <c>fault_executions</c>, in the provider's database but none of its tables: one row per activity
/// execution (instance, step, worker). Each write commits on its own, before the activity returns.
/// </summary>
public abstract class ExecutionLog
{
    public const string Table = "fault_executions";

    public abstract Task CreateAsync();

    public async Task RecordAsync(string instanceId, int step, string workerId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} (instance_id, step, worker_id) VALUES (@instance, @step, @worker)";
        Add(command, "@instance", instanceId);
        Add(command, "@step", step);
        Add(command, "@worker", workerId);
        await command.ExecuteNonQueryAsync();
    }

    protected abstract Task<DbConnection> OpenAsync();

    protected static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
