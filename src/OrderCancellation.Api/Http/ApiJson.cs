using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCancellation.Api.Http;

/// <summary>
/// The API's JSON conventions (§5): camelCase, enums as strings with their exact names, no numbers for enums, and no
/// strings for numbers.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Unknown enum names fail to bind (400), and so do integers standing in for enums.
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        // JsonSerializerDefaults.Web reads "2" as 2: a quantity or a price sent as a string is a client's bug, refused (400).
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
