using Microsoft.DurableTask;

namespace DurableTask.Relational.Tests.Conformance.Tasks;

/// <summary>Orchestrations of activities and sub-orchestrations: results, chains, fan-out, retries.</summary>
public static class FlowOrchestrations
{
    public const string CallEcho = nameof(CallEcho);
    public const string Chain = nameof(Chain);
    public const string FanOutFanIn = nameof(FanOutFanIn);
    public const string RetryUntilSuccess = nameof(RetryUntilSuccess);
    public const string Parent = nameof(Parent);
    public const string Child = nameof(Child);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<string, string>(CallEcho, (context, input) =>
            context.CallActivityAsync<string>(Activities.Echo, input));

        // Each step waits for the previous one: 100 episodes, each replaying the whole history so far.
        registry.AddOrchestratorFunc<int, int>(Chain, async (context, length) =>
        {
            var total = 0;
            for (var i = 0; i < length; i++)
            {
                total += int.Parse(await context.CallActivityAsync<string>(Activities.Echo, "1"), System.Globalization.CultureInfo.InvariantCulture);
            }

            return total;
        });

        registry.AddOrchestratorFunc<int, int>(FanOutFanIn, async (context, width) =>
        {
            var calls = Enumerable.Range(0, width)
                .Select(i => context.CallActivityAsync<string>(Activities.Echo, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var results = await Task.WhenAll(calls);
            return results.Sum(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture));
        });

        // The key names the activity's attempt counter; the retry waits are durable timers.
        registry.AddOrchestratorFunc<string, string>(RetryUntilSuccess, (context, key) =>
            context.CallActivityAsync<string>(
                Activities.FailTwiceThenSucceed,
                key,
                TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromMilliseconds(500)))));

        registry.AddOrchestratorFunc<int, int>(Parent, (context, input) =>
            context.CallSubOrchestratorAsync<int>(Child, input, new SubOrchestrationOptions { InstanceId = ChildIdOf(context.InstanceId) }));

        registry.AddOrchestratorFunc<int, int>(Child, async (context, input) =>
            2 * int.Parse(await context.CallActivityAsync<string>(Activities.Echo, input.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static string ChildIdOf(string parentId) => $"{parentId}-child";
}
