using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;

namespace OrderCancellation.Workflow;

/// <summary>
/// The JSON of everything the workflow hands to Durable Task (inputs, events, custom status, activity inputs):
/// camelCase, enums as strings, commands and activities with a <c>type</c> discriminator (the record's name), and an
/// order's derived read-only properties (its status, whether it is open, …) left out: they are computed again when read.
/// </summary>
/// <remarks>
/// Each host picks its own Durable Task <c>DataConverter</c> (the standalone host System.Text.Json's defaults, the
/// Functions worker its <c>ObjectSerializer</c>), which knows neither the domain's closed hierarchies nor its enums.
/// So the contract types mark their domain-typed properties with <see cref="WorkflowJsonConverter"/> (a property's
/// converter wins over any the converter's options bring), and the custom status is handed over as a finished
/// <see cref="JsonElement"/>: the bytes are the same on every host.
/// </remarks>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ClosedHierarchies, WithoutDerivedProperties } },
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    /// <summary><see cref="OrderCommand"/>, <see cref="Activity"/> and <see cref="OrderEvent"/> are closed: their nested records are every case.</summary>
    private static void ClosedHierarchies(JsonTypeInfo type)
    {
        if (type.Type != typeof(OrderCommand) && type.Type != typeof(Activity) && type.Type != typeof(OrderEvent))
        {
            return;
        }

        var polymorphism = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var nested in type.Type.GetNestedTypes().Where(t => t.IsSealed && t.IsAssignableTo(type.Type)))
        {
            polymorphism.DerivedTypes.Add(new JsonDerivedType(nested, nested.Name));
        }

        type.PolymorphismOptions = polymorphism;
    }

    /// <summary>Read-only properties that no constructor parameter binds are derived (<c>OrderStatus</c>, <c>IsOpen</c>, <c>Name</c>…).</summary>
    private static void WithoutDerivedProperties(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !(type.Type.Namespace ?? string.Empty).StartsWith("OrderCancellation.Domain", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var derived in type.Properties.Where(p => p.Set is null && p.AssociatedParameter is null).ToList())
        {
            type.Properties.Remove(derived);
        }
    }
}

/// <summary>
/// Put on a property of a type that crosses the Durable Task boundary: its value is written and read with
/// <see cref="WorkflowJson.Options"/>, whatever options the host's data converter uses.
/// </summary>
public sealed class WorkflowJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => true;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Typed<>).MakeGenericType(typeToConvert))!;

    private sealed class Typed<T> : JsonConverter<T>
    {
        public override bool HandleNull => false;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<T>(ref reader, WorkflowJson.Options);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, WorkflowJson.Options);
    }
}
