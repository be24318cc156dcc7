using OrderCancellation.Durable.Activities;

namespace OrderCancellation.Durable.Runtime;

/// <summary>The workflows and activity handlers registered in DI, by name.</summary>
internal sealed class WorkflowCatalog(IEnumerable<IWorkflow> workflows, IEnumerable<IActivityHandler> handlers)
{
    private readonly Dictionary<string, IWorkflow> _workflows = workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, IActivityHandler> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    public IWorkflow? Workflow(string name) => _workflows.GetValueOrDefault(name);

    public IActivityHandler? Handler(string name) => _handlers.GetValueOrDefault(name);
}
