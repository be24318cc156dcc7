using Microsoft.DurableTask;

namespace DurableTask.Relational.Tests.Conformance.Tasks;

/// <summary>Every orchestration and activity the scenarios use, registered on each host of the suite.</summary>
public static class ConformanceTasks
{
    public static void Register(DurableTaskRegistry registry)
    {
        Activities.Register(registry);
        FlowOrchestrations.Register(registry);
        TimerOrchestrations.Register(registry);
        EventOrchestrations.Register(registry);
    }
}
