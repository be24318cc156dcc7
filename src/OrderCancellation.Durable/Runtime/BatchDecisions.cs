using System.Data.Common;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Decides a batch's steps in order, each against the instance as the steps before it left it (kept in memory,
/// not read back), with a lone step's semantics: a stored key replays (or is refused as reused), an expected
/// version that does not match conflicts, anything else is decided; a key named twice is applied by the first
/// step and replayed by the later ones. Shared by the SQLite and PostgreSQL batches, which differ only in how
/// they read and write.
/// </summary>
internal static class BatchDecisions
{
    /// <param name="instances">The batch's instances as stored (absent: does not exist); updated in place as steps decide.</param>
    /// <param name="known">The batch's keys as stored; the keys of applied steps are added.</param>
    /// <returns>Each step's result, and for each step to be written the instance before it and its decision (else null).</returns>
    public static (StepResult[] Results, (InstanceSnapshot? Before, StepDecision Decision)?[] Writes) Decide(
        IReadOnlyList<(StepRequest Request, Decide Decide)> steps,
        DateTimeOffset now,
        Dictionary<string, InstanceSnapshot?> instances,
        Dictionary<(string, string), (string? Fingerprint, StepResponse? Response, long Version)> known)
    {
        var results = new StepResult[steps.Count];
        var writes = new (InstanceSnapshot?, StepDecision)?[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var (request, decide) = steps[i];
            var current = instances.GetValueOrDefault(request.InstanceId);
            StepExecutor.CheckWorkflow(request, current);
            if (request.IdempotencyKey is { } key && known.TryGetValue((request.InstanceId, key), out var stored))
            {
                results[i] = StepExecutor.Replay(request, stored.Fingerprint, stored.Response, stored.Version);
                continue;
            }

            if (StepExecutor.Conflicts(request, current) is { } conflict)
            {
                results[i] = conflict;
                continue;
            }

            var decision = decide(current);
            var after = DecisionWriter.After(request.InstanceId, request.WorkflowName, current, decision, now);
            instances[request.InstanceId] = after;
            writes[i] = (current, decision);
            results[i] = new StepResult(StepOutcome.Applied, decision.Response, after?.Version ?? 0);
            if (request.IdempotencyKey is { } newKey)
            {
                known[(request.InstanceId, newKey)] = (request.RequestFingerprint, decision.Response, results[i].Version); // a later step naming it replays
            }
        }

        return (results, writes);
    }

    /// <summary>Adds the stored keys a reader returns (columns instance_id, idempotency_key, fingerprint, status_code, body, version) to <paramref name="known"/>.</summary>
    public static async Task ReadKnownKeysAsync(
        DbDataReader reader, Dictionary<(string, string), (string? Fingerprint, StepResponse? Response, long Version)> known, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var response = reader.IsDBNull(3) ? null : new StepResponse(reader.GetInt32(3), reader.NullableString(4) ?? string.Empty);
            known[(reader.GetString(0), reader.GetString(1))] = (reader.NullableString(2), response, reader.GetInt64(5));
        }
    }

    /// <summary>The decided writes merged (<see cref="WriteSet"/>); null when a decision carries the app's own writes, which run step by step.</summary>
    public static WriteSet? Merge(
        IReadOnlyList<(StepRequest Request, Decide Decide)> steps, StepResult[] results, (InstanceSnapshot? Before, StepDecision Decision)?[] writes, DateTimeOffset now)
    {
        if (!writes.All(w => w is null || WriteSet.CanMerge(w.Value.Decision)))
        {
            return null;
        }

        var set = new WriteSet(now);
        for (var i = 0; i < steps.Count; i++)
        {
            if (writes[i] is var (before, decision))
            {
                set.Add(steps[i].Request, before, decision, results[i].Version);
            }
        }

        return set;
    }
}
