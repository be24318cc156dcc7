using Microsoft.DurableTask;

namespace OrderCancellation.Functions.Hosting;

/// <summary>What an activity class sees of its invocation under the Functions host: its name and its orchestration's instance id.</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
