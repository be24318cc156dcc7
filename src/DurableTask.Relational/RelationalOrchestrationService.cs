using DurableTask.Core;
using DurableTask.Core.Query;
using DurableTask.Relational.Postgres;
using DurableTask.Relational.Service;
using DurableTask.Relational.Sqlite;
using DurableTask.Relational.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableTask.Relational;

/// <summary>
/// A DTFx storage provider on SQLite or PostgreSQL: the worker side (<see cref="IOrchestrationService"/>) and
/// the client side (<see cref="IOrchestrationServiceClient"/>, query and purge). Orchestrations are leased per
/// instance (one holder, renewable, fenced by a token); messages become visible at their due time, in order per
/// instance; activities are leased with a fence, so a stale completion is dropped.
/// </summary>
public sealed partial class RelationalOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient, IAsyncDisposable
{
    private readonly RelationalProviderOptions _options;
    private readonly IRelationalDatabase _database;
    private readonly SqlStatements _sql;
    private readonly MessageWriter _messages;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WakeUp _orchestrationWork;
    private readonly WakeUp _activityWork;
    private readonly CompletionSignals _completions = new();
    private readonly CompletionSignals _steps = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HeldLeases _held = new();
    private readonly ProviderMetrics.Source _metrics;

    public RelationalOrchestrationService(SqliteProviderOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
        : this(options, Validated(options, () => new SqliteDatabase(options)), loggerFactory, time)
    {
    }

    public RelationalOrchestrationService(PostgresProviderOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
        : this(options, Validated(options, () => new PostgresDatabase(options)), loggerFactory, time)
    {
    }

    private RelationalOrchestrationService(RelationalProviderOptions options, IRelationalDatabase database, ILoggerFactory? loggerFactory, TimeProvider? time)
    {
        _options = options;
        _database = database;
        _sql = database.Sql;
        _messages = new MessageWriter(database);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DurableTask.Relational");
        _time = time ?? TimeProvider.System;
        _histories = new HistoryCache(options.HistoryCacheSize);
        _orchestrationWork = new WakeUp(options.OrchestrationDispatchers);
        _activityWork = new WakeUp(options.ActivityDispatchers);
        _orchestrationFetcher = new WorkFetcher<OrchestrationClaim>(ClaimOrchestrationsAsync, ct => NextDueAsync(_sql.NextDueMessage, ct),
            c => StillLeased(c.LockedUntil, c.InstanceId) || Settled(c), _orchestrationWork, _time, options.MaxPollingInterval);
        _activityFetcher = new WorkFetcher<RelationalActivityWorkItem>(ClaimActivitiesAsync, ct => NextDueAsync(_sql.NextFreeActivity, ct),
            a => StillLeased(Ticks.Of(a.LockedUntilUtc), a.Id) || Settled(a), _activityWork, _time, options.MaxPollingInterval);
        _metrics = new ProviderMetrics.Source(options.TaskHub, _held, CountReadyAsync, _time);
        ProviderMetrics.Track(_metrics);
    }

    public int TaskOrchestrationDispatcherCount => _options.OrchestrationDispatchers;

    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrations;

    public int TaskActivityDispatcherCount => _options.ActivityDispatchers;

    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivities;

    // Events an orchestration had not handled when it continued as new are carried into the new execution.
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    public async Task CreateAsync(bool recreateInstanceStore)
    {
        if (recreateInstanceStore)
        {
            await _database.DropAsync(CancellationToken.None);
        }

        await CreateIfNotExistsAsync();
    }

    public async Task CreateIfNotExistsAsync()
    {
        await _database.MigrateAsync(CancellationToken.None);
        _logger.Ready(_options.TaskHub, _database.Name, _options.WorkerId);
    }

    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    public Task DeleteAsync(bool deleteInstanceStore) => _database.DropAsync(CancellationToken.None);

    public Task StartAsync() => CreateIfNotExistsAsync();

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops claiming (waiting dispatchers return at once) and hands back every lease this object still holds, forced
    /// or not: claimed rows not dispatched yet, and work items not completed (DTFx's graceful stop has waited for the
    /// running ones before it calls this). Another worker can take them at once instead of after the lock timeout; a
    /// late completion from here is dropped by its fence.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        await _stopping.CancelAsync();
        await _orchestrationFetcher.StopClaimingAsync();
        await _activityFetcher.StopClaimingAsync();
        await HandBackAsync();
    }

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 1;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <remarks>The stop token is cancelled, not disposed: a host may stop the worker again after its container disposed
    /// this service (WebApplicationFactory does), and a cancelled source without a timer holds nothing to release.</remarks>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        ProviderMetrics.Forget(_metrics);
        await HandBackAsync();
        await _database.DisposeAsync();
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>
    /// After a stop, a fetch still answers "nothing", but not at once: DTFx's dispatchers may still be fetching,
    /// and an instant null would have them spin (seen: inside the stop's own Cancel call, so it never returned).
    /// The wait yields first and ends with the caller's token or the polling interval.
    /// </summary>
    private async Task<T?> NothingWhileStoppedAsync<T>(TimeSpan receiveTimeout, CancellationToken cancellationToken) where T : class
    {
        if (_stopping.IsCancellationRequested)
        {
            var pause = receiveTimeout < _options.MaxPollingInterval ? receiveTimeout : _options.MaxPollingInterval;
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        }

        return null;
    }

    private static IRelationalDatabase Validated(RelationalProviderOptions options, Func<IRelationalDatabase> create)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return create();
    }
}
