using System.Data.Common;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Relational.Store;

namespace DurableTask.Relational.Service;

/// <summary>
/// The one path by which messages enter the store, for the client and for completions alike: a start message
/// creates (or re-creates) its instance; any other message is stored only if its instance exists, visible from
/// its due time (a timer's <c>FireAt</c>, never earlier).
/// </summary>
internal sealed class MessageWriter(IRelationalDatabase database)
{
    private readonly SqlStatements sql = database.Sql;

    public enum Sent { Stored, NoSuchInstance, InstanceExists }

    public Task<Sent> SendAsync(DbTransaction transaction, OutgoingMessage message, long now) =>
        message.Message.Event is ExecutionStartedEvent started
            ? CreateAsync(transaction, message, started, now, dedupeStatuses: null, throwIfExists: false)
            : StoreAsync(transaction, message, now);

    /// <summary>Creates the instance of a start message. An instance that is still running, or whose status is in
    /// <paramref name="dedupeStatuses"/>, is kept: that throws DTFx's <see cref="OrchestrationAlreadyExistsException"/>
    /// (or answers <see cref="Sent.InstanceExists"/>). A finished one is replaced by the new execution.</summary>
    public async Task<Sent> CreateAsync(DbTransaction transaction, OutgoingMessage outgoing, ExecutionStartedEvent started,
        long now, OrchestrationStatus[]? dedupeStatuses, bool throwIfExists)
    {
        var message = outgoing.Message;
        var id = message.OrchestrationInstance.InstanceId;
        var start = started.ScheduledStartTime is { } at ? Ticks.Of(at) : (long?)null;
        var visible = Math.Max(now, start ?? now);
        (string, object?)[] row =
        [
            ("@id", id), ("@execution", message.OrchestrationInstance.ExecutionId), ("@name", started.Name),
            ("@version", started.Version ?? ""), ("@now", now), ("@start", start), ("@input", started.Input),
            ("@tags", outgoing.Tags), ("@parent", outgoing.Parent), ("@visible", visible),
        ];
        if (await transaction.ExecuteAsync(sql.InsertInstance, row) == 0)
        {
            var status = (string)(await transaction.Command(sql.SelectStatusForUpdate, ("@id", id)).ExecuteScalarAsync())!;
            var current = Enum.Parse<OrchestrationStatus>(status);
            if (!Statuses.IsTerminal(current) || (dedupeStatuses?.Contains(current) ?? false))
            {
                return throwIfExists
                    ? throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{id}' already exists and is {status}.")
                    : Sent.InstanceExists;
            }

            foreach (var delete in new[] { sql.DeleteHistory, sql.DeleteMessages, sql.DeleteActivities })
            {
                await transaction.ExecuteAsync(delete, ("@id", id));
            }

            await transaction.ExecuteAsync(sql.ResetInstance, row);
        }

        await transaction.ExecuteAsync(sql.InsertMessage, ("@id", id), ("@visible", visible), ("@body", outgoing.Body));
        return Sent.Stored;
    }

    private async Task<Sent> StoreAsync(DbTransaction transaction, OutgoingMessage outgoing, long now)
    {
        var batch = new StatementBatch();
        var insert = Store(batch, outgoing, now);
        var affected = await database.ExecuteAsync(transaction, batch); // one round trip on PostgreSQL
        return affected[insert] == 1 ? Sent.Stored : Sent.NoSuchInstance;
    }

    /// <summary>Adds a message that starts nothing to <paramref name="batch"/>: the touch of its instance's row (which
    /// locks it, first) and the insert; returns the insert's index (1 row: stored; 0: no such instance).</summary>
    public int Store(StatementBatch batch, OutgoingMessage outgoing, long now)
    {
        var message = outgoing.Message;
        var id = message.OrchestrationInstance.InstanceId;
        var visible = message.Event is TimerFiredEvent timer ? Math.Max(now, Ticks.Of(timer.FireAt)) : now;
        batch.Add(sql.TouchForMessage, ("@id", id), ("@visible", visible));
        return batch.Add(sql.InsertMessageIfInstance, ("@id", id), ("@visible", visible), ("@body", outgoing.Body));
    }
}

/// <summary>A message with its JSON made before the write transaction: on SQLite every write runs on the one
/// writer thread, so serialising there would serialise all of it.</summary>
internal sealed class OutgoingMessage(TaskMessage message)
{
    public TaskMessage Message { get; } = message;

    public string Body { get; } = Payloads.Serialize(message);

    public string? Tags { get; } = message.Event is ExecutionStartedEvent s ? Payloads.Write(s.Tags) : null;

    public string? Parent { get; } = message.Event is ExecutionStartedEvent s ? Payloads.Write(s.ParentInstance) : null;
}
