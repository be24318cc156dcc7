using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;

namespace DurableTask.Relational.Service;

/// <summary>Messages and history events are stored as DTFx's own JSON (its converter records each event's type),
/// so any event DTFx defines round-trips without a mapping of ours.</summary>
internal static class Payloads
{
    private static readonly DataConverter Converter = JsonDataConverter.Default;

    public static string Serialize(object value) => Converter.Serialize(value);

    public static TaskMessage Message(string json) => Converter.Deserialize<TaskMessage>(json);

    public static HistoryEvent Event(string json) => Converter.Deserialize<HistoryEvent>(json);

    public static T? Read<T>(string? json) where T : class => json is null ? null : Converter.Deserialize<T>(json);

    public static string? Write(object? value) => value is null ? null : Converter.Serialize(value);
}
