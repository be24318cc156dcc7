using System.Text;
using System.Text.Json.Nodes;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>
/// Mutates a valid request body into (mostly) invalid ones: one to three slots (a property, an array item, or the
/// body itself) replaced by a hostile value, removed, or multiplied; now and then the bytes are not JSON at all. Every
/// choice comes from the <see cref="Random"/> it is given, so a seed replays the same bodies.
/// </summary>
internal sealed class JsonMutator(Random random)
{
    private static readonly Func<JsonNode?>[] Hostile =
    [
        // Ids and text with what the bounds refuse.
        () => "", () => " ", () => "\u0000", () => "A1\n", () => "A\u202E1", () => "A\u200B1", () => "a b", () => "-A1", () => "A/1",
        () => "\u0007", () => "L1\r\n", () => "\u2028", () => "\uFEFF1", () => "😀",
        () => new string('x', 65), () => new string('x', 101), () => new string('x', 501), () => new string('x', 1001), () => new string('x', 20_000),
        // Dates out of range or not dates.
        () => "9999-12-31T23:59:59Z", () => "9999-12-31T23:59:59-14:00", () => "0001-01-01T00:00:00Z", () => "1999-12-31T23:59:59Z",
        () => "2100-01-01T00:00:00Z", () => "2026-02-30T00:00:00Z", () => "yesterday", () => "1733356800",
        // Numbers as strings, enums that do not exist, wrong case.
        () => "1", () => "10.00", () => "1e3", () => "Maybe", () => "verified", () => "CANCELED", () => "usd", () => "US", () => "0",
        // Numbers out of range, overflowing, fractional, negative.
        () => 0, () => -1, () => 10_001, () => int.MaxValue, () => 2_147_483_648L, () => long.MinValue, () => 1.5, () => 1e308, () => -0.0,
        () => 7.9e28m, () => decimal.MaxValue, () => decimal.MinValue, () => 1_000_000.01m, () => 10.001m, () => 0.001m, () => 1e-28m,
        // Wrong shapes.
        () => null, () => true, () => new JsonObject(), () => new JsonArray(), () => new JsonArray(1, "a", null), () => new JsonObject { ["lineId"] = "L1" },
    ];

    private static readonly Func<Random, byte[]>[] Garbage =
    [
        _ => [], _ => "{"u8.ToArray(), _ => "null"u8.ToArray(), _ => "[]"u8.ToArray(), _ => "\"text\""u8.ToArray(), _ => "42"u8.ToArray(),
        _ => "{\"lines\":[{\"lineId\":\"L1\",\"quantity\":1e999}]}"u8.ToArray(),
        _ => "{\"reason\":\"\\ud800\",\"note\":\"\\udc00x\"}"u8.ToArray(),
        _ => "{\"message\":\"\\u0000\",\"status\":\"Verified\",\"status\":\"Declined\"}"u8.ToArray(),
        _ => [0x7B, 0x22, 0x6D, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D], // invalid UTF-8 in a string
        _ => Encoding.UTF8.GetBytes(new string('[', 10_000)),
        _ => Encoding.UTF8.GetBytes("{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 101)),
        r => Enumerable.Range(0, r.Next(1, 200)).Select(_ => (byte)r.Next(256)).ToArray(),
        _ => "\uFEFF{}"u8.ToArray(),
        _ => "{\"lines\":null,\"stage\":1,\"action\":[\"Purchased\"]}"u8.ToArray(),
    ];

    public byte[] Mutate(JsonObject valid)
    {
        if (random.Next(100) < 4)
        {
            return Garbage[random.Next(Garbage.Length)](random);
        }

        return Encoding.UTF8.GetBytes(MutateTree(valid).ToJsonString());
    }

    /// <summary>A mutated copy that is still JSON (for a message inside a feed document, which must stay readable).</summary>
    public JsonObject MutateTree(JsonObject valid)
    {
        var body = valid.DeepClone().AsObject();
        var mutations = 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            MutateOnce(body);
        }

        return body;
    }

    /// <summary>A value no id can be (control, format or other characters outside the pattern, or too long).</summary>
    public string NotAnId() => NotIds[random.Next(NotIds.Length)];

    private static readonly string[] NotIds =
    [
        "A\u00001", "A\u202E1", "A\u200B1", "A 1", "-A1", "A/1", "A1\u0007", "A\\1", "A\"1", "A#1", "Ä1", "A1😀", new string('9', 65), "_A1", ".A1",
    ];

    private void MutateOnce(JsonObject body)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(body, slots);
        if (slots.Count == 0)
        {
            body["unexpected"] = Hostile[random.Next(Hostile.Length)]();
            return;
        }

        var (parent, key) = slots[random.Next(slots.Count)];
        var roll = random.Next(100);
        if (roll < 80)
        {
            Set(parent, key, Hostile[random.Next(Hostile.Length)]());
        }
        else if (roll < 88)
        {
            Remove(parent, key);
        }
        else if (Get(parent, key) is JsonArray array && array.Count > 0)
        {
            // Past the bounds on the number of lines, or the same line named twice.
            var copies = random.Next(2) == 0 ? 1 : 101;
            var first = array[0];
            for (var n = 0; n < copies; n++)
            {
                array.Add(first?.DeepClone());
            }
        }
        else
        {
            Set(parent, key, new JsonArray(Get(parent, key)?.DeepClone()));
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    slots.Add((obj, name));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, i));
                    if (array[i] is { } item)
                    {
                        Collect(item, slots);
                    }
                }

                break;
        }
    }

    private static JsonNode? Get(JsonNode parent, object key) => key is string name ? parent[name] : parent[(int)key];

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (key is string name)
        {
            parent[name] = value;
        }
        else
        {
            parent[(int)key] = value;
        }
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (key is string name)
        {
            parent.AsObject().Remove(name);
        }
        else
        {
            parent.AsArray().RemoveAt((int)key);
        }
    }
}
