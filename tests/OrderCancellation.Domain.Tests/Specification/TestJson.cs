using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCancellation.Domain.Tests.Specification;

/// <summary>The runtime's JSON settings: defaults, camelCase, enums as strings.</summary>
internal static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serialized with runtime types, so that records holding lists compare by content.</summary>
    public static string Of(object? value) => JsonSerializer.Serialize<object?>(value, Options);

    public static string OfAll<T>(IEnumerable<T> values) => Of(values.Cast<object>().ToList());
}
