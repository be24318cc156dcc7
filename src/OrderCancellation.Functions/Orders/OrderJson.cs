using System.Text.Json;
using System.Text.Json.Nodes;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Orders;

/// <summary>How orders, events, activities and problems are written to the store and the wire (the API's JSON conventions).</summary>
internal static class OrderJson
{
    private static JsonSerializerOptions Options => ApiJson.Options;

    public static string State(OrderState state) => JsonSerializer.Serialize(state, Options);

    public static OrderState? State(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<OrderState>(json, Options);

    /// <summary>A history entry: the event's own fields (time, reason, lines…) plus the <c>actor</c> that caused it.</summary>
    public static string HistoryEntry(OrderEvent @event, Actor actor)
    {
        var node = JsonSerializer.SerializeToNode(@event, @event.GetType(), Options)!.AsObject();
        node.Remove(nameof(OrderEvent.EventType).ToCamelCase());
        node["actor"] = JsonSerializer.SerializeToNode(actor, Options);
        return node.ToJsonString(Options);
    }

    public static string Problem(Problem problem) =>
        JsonSerializer.Serialize(Http.Problems.Create(problem.Status, problem.Code, problem.Title, problem.Detail), Options);

    public static string Body<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static string ToCamelCase(this string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
