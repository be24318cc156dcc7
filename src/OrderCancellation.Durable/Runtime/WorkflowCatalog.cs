using OrderCancellation.Durable.Activities;

namespace OrderCancellation.Durable.Runtime;

/// <summary>The workflows and activity handlers registered in DI, by name; as usual in DI, the last registration of a name wins.</summary>
internal sealed class WorkflowCatalog(IEnumerable<IWorkflow> workflows, IEnumerable<IActivityHandler> handlers)
{
    private readonly Dictionary<string, IWorkflow> _workflows = LastWins(workflows, w => w.Name);
    private readonly Dictionary<string, IActivityHandler> _handlers = LastWins(handlers, h => h.Name);

    public IWorkflow? Workflow(string name) => _workflows.GetValueOrDefault(name);

    public IActivityHandler? Handler(string name) => _handlers.GetValueOrDefault(name);

    private static Dictionary<string, T> LastWins<T>(IEnumerable<T> items, Func<T, string> name)
    {
        var byName = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byName[name(item)] = item;
        }

        return byName;
    }
}
