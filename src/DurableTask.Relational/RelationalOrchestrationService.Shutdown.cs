using System.Data.Common;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    /// <summary>Releases what <see cref="_held"/> lists, in one transaction, each row by its key and fence. A database
    /// that fails here, or is already disposed (a host may stop the worker after its container disposed this service:
    /// <see cref="DisposeAsync"/> hands back first then), is logged, not thrown: the leases then run out on their own.</summary>
    private async Task HandBackAsync()
    {
        var orchestrations = _held.Orchestrations;
        var activities = _held.Activities;
        if (orchestrations.Count == 0 && activities.Count == 0)
        {
            return;
        }

        try
        {
            await _database.WriteAsync(async tx =>
            {
                foreach (var (instanceId, token) in orchestrations)
                {
                    await tx.ExecuteAsync(_sql.HandBackOrchestration, ("@id", instanceId), ("@owner", _options.WorkerId), ("@token", token));
                }

                foreach (var (row, fence) in activities)
                {
                    await tx.ExecuteAsync(_sql.HandBackActivity, ("@row", row), ("@fence", fence));
                }

                return true;
            }, CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbException or ObjectDisposedException)
        {
            _logger.HandBackFailed(exception, orchestrations.Count, activities.Count);
            return;
        }

        foreach (var (instanceId, token) in orchestrations)
        {
            _held.OrchestrationSettled(instanceId, token);
        }

        foreach (var (row, fence) in activities)
        {
            _held.ActivitySettled(row, fence);
        }

        _logger.HandedBack(orchestrations.Count, activities.Count, _options.WorkerId);
    }

    // A claim that expired while it waited in memory is no longer ours to hand back (always false: it is not used).
    private bool Settled(OrchestrationClaim claim)
    {
        _held.OrchestrationSettled(claim.InstanceId, claim.LockToken);
        return false;
    }

    private bool Settled(RelationalActivityWorkItem activity)
    {
        _held.ActivitySettled(activity.Row, activity.Fence);
        return false;
    }
}
