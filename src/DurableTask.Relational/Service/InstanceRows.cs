using System.Data.Common;
using DurableTask.Core;
using DurableTask.Relational.Store;

namespace DurableTask.Relational.Service;

/// <summary>Reads an instance row (<see cref="SqlStatements.StateColumns"/>, in that order) as DTFx's state.</summary>
internal static class InstanceRows
{
    public static OrchestrationState Read(DbDataReader reader, bool withPayloads = true) => new()
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
        Name = reader.GetString(2),
        Version = reader.GetString(3),
        OrchestrationStatus = Enum.Parse<OrchestrationStatus>(reader.GetString(4)),
        CreatedTime = Ticks.ToUtc(reader.GetInt64(5)),
        LastUpdatedTime = Ticks.ToUtc(reader.GetInt64(6)),
        CompletedTime = Ticks.ToUtc(reader.NullableInt64(7)) ?? DateTime.MinValue,
        ScheduledStartTime = Ticks.ToUtc(reader.NullableInt64(8)),
        Input = withPayloads ? reader.NullableString(9) : null,
        Output = withPayloads ? reader.NullableString(10) : null,
        Status = reader.NullableString(11),
        FailureDetails = Payloads.Read<FailureDetails>(reader.NullableString(12)),
        Tags = Payloads.Read<Dictionary<string, string>>(reader.NullableString(13)),
        ParentInstance = Payloads.Read<ParentInstance>(reader.NullableString(14)),
    };

    public static async Task<List<OrchestrationState>> ReadAllAsync(DbCommand command, bool withPayloads = true)
    {
        var states = new List<OrchestrationState>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states.Add(Read(reader, withPayloads));
        }

        return states;
    }
}
