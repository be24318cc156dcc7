using System.Data.Common;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    /// <summary>Pages through instances in instance-id order; the continuation token is the last id returned.</summary>
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        _database.ReadAsync(async connection =>
        {
            var pageSize = Math.Clamp(query.PageSize, 1, 1000);
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder(_sql.SelectStateFrom).Append(" WHERE 1 = 1");
            Filter(command, sql, query.RuntimeStatus, query.CreatedTimeFrom, query.CreatedTimeTo);
            if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
            {
                sql.Append(@" AND instance_id LIKE @prefix ESCAPE '\'");
                command.Add("@prefix", EscapeLike(query.InstanceIdPrefix) + "%");
            }

            if (!string.IsNullOrEmpty(query.ContinuationToken))
            {
                sql.Append(" AND instance_id > @after");
                command.Add("@after", query.ContinuationToken);
            }

            command.CommandText = sql.Append(" ORDER BY instance_id LIMIT @limit").ToString();
            command.Add("@limit", pageSize);
            var states = await InstanceRows.ReadAllAsync(command, query.FetchInputsAndOutputs);
            var next = states.Count == pageSize ? states[^1].OrchestrationInstance.InstanceId : null;
            return new OrchestrationQueryResult(states, next);
        }, cancellationToken);

    /// <summary>Deletes a finished instance with its history and messages; a running one is left (0 deleted).</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        new(await _database.WriteAsync(tx => PurgeAsync(tx, instanceId), CancellationToken.None));

    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        var statuses = (purgeInstanceFilter.RuntimeStatus ?? Statuses.Terminal).Where(Statuses.IsTerminal).ToList();
        var deleted = 0;
        while (statuses.Count > 0)
        {
            var ids = await _database.ReadAsync(async connection =>
            {
                await using var command = connection.CreateCommand();
                var sql = new StringBuilder($"SELECT instance_id FROM {_sql.TableName("instances")} WHERE 1 = 1");
                Filter(command, sql, statuses, purgeInstanceFilter.CreatedTimeFrom, purgeInstanceFilter.CreatedTimeTo);
                command.CommandText = sql.Append(" LIMIT 500").ToString();
                var found = new List<string>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    found.Add(reader.GetString(0));
                }

                return found;
            }, CancellationToken.None);
            if (ids.Count == 0)
            {
                break;
            }

            deleted += await _database.WriteAsync(async tx =>
            {
                var count = 0;
                foreach (var id in ids)
                {
                    count += await PurgeAsync(tx, id);
                }

                return count;
            }, CancellationToken.None);
        }

        return new PurgeResult(deleted, isComplete: true);
    }

    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "last_updated_at",
            _ => "created_at",
        };
        var threshold = Ticks.Of(thresholdDateTimeUtc);
        var terminal = string.Join(", ", Statuses.Terminal.Select(s => $"'{s}'"));
        var ids = await _database.ReadAsync(async connection =>
        {
            var found = new List<string>();
            await using var command = connection.Command(
                $"SELECT instance_id FROM {_sql.TableName("instances")} WHERE {column} < @threshold AND status IN ({terminal})", ("@threshold", threshold));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetString(0));
            }

            return found;
        }, CancellationToken.None);
        foreach (var chunk in ids.Chunk(500))
        {
            await _database.WriteAsync(async tx =>
            {
                foreach (var id in chunk)
                {
                    await PurgeAsync(tx, id);
                }

                return 0;
            }, CancellationToken.None);
        }
    }

    private async Task<int> PurgeAsync(DbTransaction tx, string instanceId)
    {
        var status = await tx.Command(_sql.SelectStatusForUpdate, ("@id", instanceId)).ExecuteScalarAsync() as string;
        if (status is null || !Statuses.IsTerminal(status))
        {
            return 0;
        }

        foreach (var delete in new[] { _sql.DeleteHistory, _sql.DeleteMessages, _sql.DeleteActivities, _sql.DeleteInstance })
        {
            await tx.ExecuteAsync(delete, ("@id", instanceId));
        }

        return 1;
    }

    private static void Filter(DbCommand command, StringBuilder sql, IEnumerable<OrchestrationStatus>? statuses, DateTime? from, DateTime? to)
    {
        if (statuses?.ToList() is { Count: > 0 } list)
        {
            sql.Append(" AND status IN (").AppendJoin(", ", list.Select((_, i) => $"@s{i}")).Append(')');
            for (var i = 0; i < list.Count; i++)
            {
                command.Add($"@s{i}", list[i].ToString());
            }
        }

        if (from is { } f && f > DateTime.MinValue)
        {
            sql.Append(" AND created_at >= @from");
            command.Add("@from", Ticks.Of(f));
        }

        if (to is { } t)
        {
            sql.Append(" AND created_at <= @to");
            command.Add("@to", Ticks.Of(t));
        }
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
