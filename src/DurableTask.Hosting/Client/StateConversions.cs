using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace DurableTask.Hosting.Client;

/// <summary>Maps DTFx's instance state and statuses to the Microsoft.DurableTask client's and back.</summary>
internal static class StateConversions
{
    // An instance that is still alive blocks a new start under its id unless the caller says otherwise.
    private static readonly Core.OrchestrationStatus[] AliveStatuses =
        [Core.OrchestrationStatus.Pending, Core.OrchestrationStatus.Running, Core.OrchestrationStatus.Suspended];

    private static readonly IReadOnlyDictionary<string, string> NoTags = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    public static OrchestrationMetadata ToMetadata(Core.OrchestrationState state, DataConverter? converter) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = converter,
            RuntimeStatus = ToClient(state.OrchestrationStatus),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = converter is null ? null : state.Input,
            SerializedOutput = converter is null ? null : state.Output,
            SerializedCustomStatus = converter is null ? null : state.Status,
            Tags = state.Tags is null ? NoTags : new Dictionary<string, string>(state.Tags),
            FailureDetails = ToClient(state.FailureDetails),
        };

    public static Core.OrchestrationStatus[] DedupeStatuses(IReadOnlyList<string>? statuses) =>
        statuses is null
            ? AliveStatuses
            : statuses.Select(s => Enum.TryParse(s, ignoreCase: true, out OrchestrationRuntimeStatus status)
                ? ToCore(status)
                : throw new ArgumentException($"'{s}' is not an orchestration runtime status.", nameof(statuses))).ToArray();

#pragma warning disable CS0618 // Canceled and ContinuedAsNew are obsolete in the client enum but a store may report them.
    public static OrchestrationRuntimeStatus ToClient(Core.OrchestrationStatus status) => status switch
    {
        Core.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        Core.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        Core.OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        Core.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        Core.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
        Core.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        Core.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        Core.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown DTFx orchestration status."),
    };

    public static Core.OrchestrationStatus ToCore(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => Core.OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => Core.OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => Core.OrchestrationStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => Core.OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Canceled => Core.OrchestrationStatus.Canceled,
        OrchestrationRuntimeStatus.Terminated => Core.OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Pending => Core.OrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => Core.OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration runtime status."),
    };
#pragma warning restore CS0618

    private static TaskFailureDetails? ToClient(Core.FailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToClient(details.InnerFailure), details.Properties);

    // Providers hand back UTC times, some with Kind Unspecified; DateTimeOffset would read those as local time.
    private static DateTimeOffset AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };
}
