using System.Text.Json;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Activities;

/// <summary>
/// The convention with the order workflow: an activity's name is the domain record's type name and its
/// payload is the record serialized with <see cref="ApiJson.Options"/>.
/// </summary>
public static class ActivityPayload
{
    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, activity.GetType(), ApiJson.Options);

    /// <summary>Reads the payload back; a payload that is not a <typeparamref name="T"/> is a bug and throws (the runtime retries, then gives up).</summary>
    public static T Read<T>(ActivityContext context)
        where T : Activity =>
        JsonSerializer.Deserialize<T>(context.Payload, ApiJson.Options)
        ?? throw new JsonException($"Activity {context.ActivityId} ({context.Name}) has an empty payload.");
}
