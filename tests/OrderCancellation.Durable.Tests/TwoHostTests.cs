using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;
using Xunit.Abstractions;

namespace OrderCancellation.Durable.Tests;

/// <summary>
/// Two runtime hosts (own DI, pollers, connection pools) share one PostgreSQL database and work through
/// 10,000 timers and the 10,000 activities those timers enqueue: every timer fires once, every activity's
/// effect is recorded once, and both hosts take part.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoHostTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Instances = 2_000;
    private const int TimersEach = 5;
    private const int Total = Instances * TimersEach;

    [Fact]
    public async Task Two_hosts_fire_every_timer_once_and_record_every_activity_effect_once()
    {
        var store = await postgres.Server.CreateDatabaseAsync("twohost");
        await using (var setup = new NpgsqlConnection(store))
        {
            await setup.OpenAsync();
            // No unique key: a second execution of an activity would show as a second row.
            await new NpgsqlCommand("CREATE TABLE effects (activity_id text NOT NULL, payload text NOT NULL, host text NOT NULL)", setup).ExecuteNonQueryAsync();
        }

        var settings = new Dictionary<string, string?>
        {
            ["Durable:PollersEnabled"] = "true",
            ["Durable:TimerPollInterval"] = "00:00:00.200",
            ["Durable:ActivityPollInterval"] = "00:00:00.200",
            ["Durable:ActivityLease"] = "00:01:00",
        };
        var firedBy = new ConcurrentDictionary<string, int>();
        await using var hostA = await TestHost.StartAsync("postgres", store, TimeProvider.System, settings, s => Register(s, "A", store, firedBy));
        await using var hostB = await TestHost.StartAsync("postgres", store, TimeProvider.System, settings, s => Register(s, "B", store, firedBy));

        // Half the instances through each host; timers due over the next 3 seconds.
        var start = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            var runtime = n % 2 == 0 ? hostA.Runtime : hostB.Runtime;
            var timers = Enumerable.Range(0, TimersEach)
                .Select(t => new TimerRequest($"t{t}", start.AddMilliseconds((n * 7 + t * 613) % 3000), $"activity:{EffectActivity.ActivityName}"))
                .ToList();
            var result = await runtime.ExecuteStepAsync(new StepRequest($"inst-{n:00000}", CounterWorkflow.WorkflowName, "create"), CounterWorkflow.Increment(timers: timers), ct);
            Assert.Equal(StepOutcome.Applied, result.Outcome);
        });
        output.WriteLine($"created {Instances} instances with {Total} timers in {DateTimeOffset.UtcNow - start}");

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await ScalarAsync(store, "SELECT COUNT(*) FROM effects") < Total || await ScalarAsync(store, "SELECT COUNT(*) FROM durable_activities") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {await ScalarAsync(store, "SELECT COUNT(*) FROM effects")} effects after 90 s");
            await Task.Delay(100);
        }

        output.WriteLine($"all done after {DateTimeOffset.UtcNow - start}; timers fired by host: {string.Join(", ", firedBy.Select(p => $"{p.Key}={p.Value}"))}");
        Assert.Equal(0, await ScalarAsync(store, "SELECT COUNT(*) FROM durable_timers"));
        Assert.Equal(Total, await ScalarAsync(store, "SELECT COUNT(*) FROM durable_history WHERE event_type = 'TimerFired'"));
        Assert.Equal(Total, await ScalarAsync(store, "SELECT COUNT(DISTINCT instance_id || '/' || data) FROM durable_history WHERE event_type = 'TimerFired'"));
        Assert.Equal(Total, await ScalarAsync(store, "SELECT COUNT(*) FROM effects"));
        Assert.Equal(Total, await ScalarAsync(store, "SELECT COUNT(DISTINCT activity_id) FROM effects"));
        Assert.Equal(Total, await ScalarAsync(store, "SELECT COUNT(DISTINCT payload || activity_id) FROM effects"));
        Assert.All(await Task.WhenAll(Enumerable.Range(0, Instances).Where(n => n % 97 == 0).Select(n => hostA.Runtime.GetInstanceAsync($"inst-{n:00000}"))),
            i => Assert.Equal(TimersEach, CounterState.Parse(i!.State).TimersFired));
        Assert.Equal(Instances, await ScalarAsync(store, "SELECT COUNT(*) FROM durable_instances WHERE state LIKE '%\"TimersFired\":5,%'"));
        Assert.True(firedBy.GetValueOrDefault("A") > 0 && firedBy.GetValueOrDefault("B") > 0, "both hosts fire timers");
        Assert.Equal(2, await ScalarAsync(store, "SELECT COUNT(DISTINCT host) FROM effects"));
    }

    private static void Register(IServiceCollection services, string host, string store, ConcurrentDictionary<string, int> firedBy)
    {
        services.AddSingleton<IActivityHandler>(new EffectActivity(host, store));
        services.AddSingleton<IWorkflow>(new CountingWorkflow(host, firedBy));
        services.AddSingleton(new ServiceMarker(host));
    }

    private static async Task<long> ScalarAsync(string store, string sql)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private sealed record ServiceMarker(string Host);

    /// <summary>The counter workflow, noting which host fired each timer.</summary>
    private sealed class CountingWorkflow(string host, ConcurrentDictionary<string, int> firedBy) : IWorkflow
    {
        private readonly CounterWorkflow _inner = new();

        public string Name => _inner.Name;

        public StepDecision OnTimer(InstanceSnapshot instance, Timers.DueTimer timer, DateTimeOffset now)
        {
            firedBy.AddOrUpdate(host, 1, (_, n) => n + 1);
            return _inner.OnTimer(instance, timer, now);
        }

        public StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now) => _inner.OnActivityFailed(instance, activity, now);
    }

    /// <summary>The downstream system: one row per execution.</summary>
    private sealed class EffectActivity(string host, string store) : IActivityHandler
    {
        public const string ActivityName = "effect";

        public string Name => ActivityName;

        public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(store);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("INSERT INTO effects (activity_id, payload, host) VALUES (@id, @payload, @host)", connection);
            command.Parameters.AddWithValue("id", context.ActivityId);
            command.Parameters.AddWithValue("payload", context.InstanceId + "/" + context.Payload);
            command.Parameters.AddWithValue("host", host);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
