using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>
/// A step may hand its new state over as the workflow's own object (<see cref="StepDecision.NewStateValue"/>): the
/// runtime renders it to JSON only for the row it writes, and a later step of the same batch gets the object.
/// </summary>
public abstract partial class DurableContractTests
{
    [Fact]
    public async Task A_batch_renders_an_instances_state_once_for_the_row_it_writes_and_hands_the_object_to_its_next_steps()
    {
        var (x, y) = (NewId(), NewId());
        await Runtime.ExecuteStepAsync(Request(y), CounterWorkflow.Increment(10));
        var renders = new List<CounterState>();
        var seen = new List<(string Instance, object? Value)>();

        await Runtime.ExecuteStepsAsync(
        [
            (Request(x), AddAsObject(1, x, seen, renders)),
            (Request(y), AddAsObject(2, y, seen, renders)),
            (Request(x), AddAsObject(3, x, seen, renders)),
            (Request(x), AddAsObject(4, x, seen, renders)),
        ]);

        Assert.Equal([new CounterState(8, 0, 0), new CounterState(12, 0, 0)], renders.OrderBy(r => r.Count));
        Assert.Equal([null, null, new CounterState(1, 0, 0), new CounterState(4, 0, 0)], seen.Select(s => s.Value));
        Assert.Equal(8, (await StateOf(x)).Count);
        Assert.Equal(12, (await StateOf(y)).Count);
        Assert.Equal(3L, (await Runtime.GetInstanceAsync(x))!.Version);
    }

    [Fact]
    public async Task A_lone_step_renders_a_state_given_as_an_object_and_the_next_step_reads_it_back_as_json()
    {
        var id = NewId();
        var renders = new List<CounterState>();
        var seen = new List<(string Instance, object? Value)>();

        await Runtime.ExecuteStepAsync(Request(id), AddAsObject(2, id, seen, renders));
        await Runtime.ExecuteStepAsync(Request(id), AddAsObject(3, id, seen, renders));

        Assert.Equal([new CounterState(2, 0, 0), new CounterState(5, 0, 0)], renders);
        Assert.Equal([null, null], seen.Select(s => s.Value));
        Assert.Equal(5, (await StateOf(id)).Count);
    }

    /// <summary>Adds <paramref name="by"/>, reading the state as the object a step before it left when there is one; records what it saw and each render.</summary>
    private static Decide AddAsObject(int by, string instance, List<(string, object?)> seen, List<CounterState> renders) => current =>
    {
        seen.Add((instance, current?.StateValue));
        var state = current?.StateValue as CounterState ?? (current is null ? new CounterState(0, 0, 0) : CounterState.Parse(current.State));
        return new StepDecision
        {
            NewStateValue = state with { Count = state.Count + by },
            RenderState = value =>
            {
                lock (renders)
                {
                    renders.Add((CounterState)value);
                }

                return ((CounterState)value).ToJson();
            },
            Response = new StepResponse(200, "{}"),
        };
    };
}
