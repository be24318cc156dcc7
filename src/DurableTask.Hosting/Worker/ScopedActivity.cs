using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DurableTask.Hosting.Worker;

/// <summary>Runs a shimmed activity and then disposes the DI scope its instance was created in.</summary>
internal sealed class ScopedActivity(TaskActivity inner, AsyncServiceScope scope) : TaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("DTFx runs activities through RunAsync.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        await using (scope.ConfigureAwait(false))
        {
            return await inner.RunAsync(context, input).ConfigureAwait(false);
        }
    }
}
