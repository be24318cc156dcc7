using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// The raw store ceiling (single-row UPDATE transactions through the same connection factory, pragmas and
/// pool the runtime uses) and runtime steps/s (lock, idempotency key, decide, state + version, one
/// history row, stored response), each at concurrency 1 and 16, measured in alternating slices so that both
/// see the same load. Workers touch disjoint rows/instances.
/// </summary>
public sealed class StepsScenario : IScenario
{
    private const int RowsPerWorker = 64;

    public string Name => "steps";

    public string Description => "raw store ceiling and runtime steps/s at concurrency 1 and 16";

    public async Task RunAsync(BenchEnvironment environment)
    {
        var store = await environment.NewStoreAsync("steps");
        using var host = await environment.StartHostAsync(store, s => s.AddSingleton<IWorkflow, BenchWorkflow>());
        var runtime = host.Services.GetRequiredService<IDurableRuntime>();
        var connections = host.Services.GetRequiredService<IStoreConnectionFactory>();
        await using (var tx = await connections.BeginWriteAsync())
        {
            await tx.Command("CREATE TABLE bench_ceiling (id integer PRIMARY KEY, n bigint NOT NULL)").ExecuteNonQueryAsync();
            for (var id = 0; id < 16 * RowsPerWorker; id++)
            {
                await tx.Command("INSERT INTO bench_ceiling (id, n) VALUES (@id, 0)").With("@id", id).ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        var duration = TimeSpan.FromSeconds(environment.Options.Seconds);
        foreach (var concurrency in new[] { 1, 16 })
        {
            long sequence = 0; // keys stay unique across the warm-up and the measured run
            var (ceiling, steps) = await Measure.CompareAsync(concurrency, duration, async (worker, n) =>
            {
                await using var tx = await connections.BeginWriteAsync();
                await tx.Command("UPDATE bench_ceiling SET n = n + 1 WHERE id = @id").With("@id", (worker * RowsPerWorker) + (int)(n % RowsPerWorker)).ExecuteNonQueryAsync();
                await tx.CommitAsync();
            },
            async (worker, n) =>
            {
                var request = new StepRequest($"b-{worker}-{n % RowsPerWorker}", BenchWorkflow.WorkflowName, $"c{concurrency}-{Interlocked.Increment(ref sequence)}", "f");
                var result = await runtime.ExecuteStepAsync(request, BenchWorkflow.Increment());
                if (result.Outcome != StepOutcome.Applied)
                {
                    throw new InvalidOperationException($"step {result.Outcome}");
                }
            });
            environment.Report("store-ceiling", new { ceiling.Concurrency, txPerSecond = ceiling.PerSecond, p50Ms = ceiling.P50Ms, p99Ms = ceiling.P99Ms, what = "single-row UPDATE transaction" });
            environment.Report("steps", new
            {
                steps.Concurrency,
                stepsPerSecond = steps.PerSecond,
                p50Ms = steps.P50Ms,
                p99Ms = steps.P99Ms,
                ceilingTxPerSecond = ceiling.PerSecond,
                ratioToCeiling = Math.Round(steps.PerSecond / ceiling.PerSecond, 2),
                what = "step with idempotency key, state update, one history row, stored response",
            });
        }
    }
}
