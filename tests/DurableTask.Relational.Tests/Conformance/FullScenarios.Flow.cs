using OrderCancellation.TestSupport;
using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance;

/// <summary>
/// The whole suite: the core scenarios plus those too slow for the Azure Storage reference (about 10
/// orchestrations/s on Azurite). Our backends and the in-memory reference run all of it.
/// </summary>
public abstract partial class FullScenarios<TBackend>(TBackend backend, ITestOutputHelper output) : CoreScenarios<TBackend>(backend, output)
    where TBackend : ConformanceBackend
{
    [Fact]
    public async Task A_chain_of_100_activities_completes()
    {
        var id = await StartAsync(FlowOrchestrations.Chain, 100, NewId("chain"));

        var done = await Client.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(100, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task A_fan_out_of_100_activities_fans_back_in()
    {
        var id = await StartAsync(FlowOrchestrations.FanOutFanIn, 100, NewId("fanout"));

        var done = await Client.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 100).Sum(), done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task An_activity_that_fails_twice_succeeds_on_the_third_attempt_of_its_retry_policy()
    {
        var id = NewId("retry");
        await StartAsync(FlowOrchestrations.RetryUntilSuccess, id, id);

        var done = await Client.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("succeeded on attempt 3", done.ReadOutputAs<string>());
        Assert.Equal(3, Activities.AttemptsOf(id));
    }

    [Fact]
    public async Task A_sub_orchestration_returns_its_result_to_its_parent()
    {
        var id = await StartAsync(FlowOrchestrations.Parent, 21, NewId("parent"));

        var done = await Client.CompletionAsync(id);

        Assert.Equal(42, done.ReadOutputAs<int>());
        var child = await Client.GetInstanceAsync(FlowOrchestrations.ChildIdOf(id), getInputsAndOutputs: true);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(42, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task A_one_megabyte_input_round_trips_through_an_activity()
    {
        var random = new Random(20261205);
        var input = string.Create(1 << 20, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + r.Next(26));
            }
        });
        var id = await StartAsync(FlowOrchestrations.CallEcho, input, NewId("large"));

        var done = await Client.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(input == done.ReadOutputAs<string>(), "the 1 MB output differs from the input");
        Assert.True(input == done.ReadInputAs<string>(), "the 1 MB input read back differs");
    }
}
