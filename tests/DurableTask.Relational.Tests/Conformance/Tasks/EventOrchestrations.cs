using Microsoft.DurableTask;

namespace DurableTask.Relational.Tests.Conformance.Tasks;

/// <summary>
/// External events: order, buffering before a wait, timeouts, ContinueAsNew carrying what was not yet read.
/// Orchestrations that wait set the custom status <see cref="Waiting"/> first, so a test can observe that they
/// reached the wait instead of sleeping.
/// </summary>
public static class EventOrchestrations
{
    public const string Waiting = "waiting";
    public const string CollectInOrder = nameof(CollectInOrder);
    public const string PassGateThenWait = nameof(PassGateThenWait);
    public const string WaitWithTimeout = nameof(WaitWithTimeout);
    public const string WaitForAnswer = nameof(WaitForAnswer);
    public const string StepsWithCustomStatus = nameof(StepsWithCustomStatus);
    public const string ContinueAsNewTally = nameof(ContinueAsNewTally);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<int, List<int>>(CollectInOrder, async (context, count) =>
        {
            context.SetCustomStatus(Waiting);
            var values = new List<int>();
            for (var i = 0; i < count; i++)
            {
                values.Add(await context.WaitForExternalEvent<int>("Step"));
            }

            return values;
        });

        // The gate activity holds the orchestration until the test has raised "Early": it reaches the wait after.
        registry.AddOrchestratorFunc<string, string>(PassGateThenWait, async (context, gateKey) =>
        {
            await context.CallActivityAsync<string>(Activities.PassGate, gateKey);
            return await context.WaitForExternalEvent<string>("Early");
        });

        registry.AddOrchestratorFunc<double, WaitOutcome>(WaitWithTimeout, async (context, seconds) =>
        {
            context.SetCustomStatus(Waiting);
            var started = context.CurrentUtcDateTime;
            try
            {
                var answer = await context.WaitForExternalEvent<string>("Answer", TimeSpan.FromSeconds(seconds));
                return new WaitOutcome($"answered {answer}", started, context.CurrentUtcDateTime);
            }
            catch (TaskCanceledException)
            {
                return new WaitOutcome("timed out", started, context.CurrentUtcDateTime);
            }
        });

        registry.AddOrchestratorFunc<string>(WaitForAnswer, async context =>
        {
            context.SetCustomStatus(Waiting);
            return await context.WaitForExternalEvent<string>("Answer");
        });

        registry.AddOrchestratorFunc<string>(StepsWithCustomStatus, async context =>
        {
            context.SetCustomStatus(new Progress("step 1"));
            await context.WaitForExternalEvent<string>("Next");
            context.SetCustomStatus(new Progress("step 2"));
            return "done";
        });

        // One event per generation. The first generation sits in the gate activity while the test raises them all,
        // so it holds them all when it reads its one: the rest must be carried across each ContinueAsNew.
        registry.AddOrchestratorFunc<Tally, List<int>?>(ContinueAsNewTally, async (context, tally) =>
        {
            if (tally.Generation == 1)
            {
                await context.CallActivityAsync<string>(Activities.PassGate, tally.GateKey);
            }

            var seen = tally.Seen.Append(await context.WaitForExternalEvent<int>("Add")).ToList();
            if (seen.Count >= tally.Target)
            {
                return seen;
            }

            context.ContinueAsNew(tally with { Seen = seen, Generation = tally.Generation + 1 }, preserveUnprocessedEvents: true);
            return null;
        });
    }
}

public sealed record WaitOutcome(string Result, DateTime Started, DateTime Ended);

public sealed record Progress(string Step);

public sealed record Tally(int Target, List<int> Seen, int Generation, string GateKey);
