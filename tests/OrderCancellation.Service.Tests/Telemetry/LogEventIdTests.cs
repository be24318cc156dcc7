using System.Reflection;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>Issue 21 point 4: a log's event id names one message across the solution, so operators can filter and alert on it.</summary>
public sealed class LogEventIdTests
{
    /// <summary>Every product assembly the standalone host loads; the Functions host adds one message of its own (event id 1).</summary>
    private static readonly string[] Assemblies =
    [
        "OrderCancellation.Domain", "OrderCancellation.Store", "OrderCancellation.Workflow", "OrderCancellation.Api",
        "OrderCancellation.Service", "DurableTask.Relational", "DurableTask.Hosting",
    ];

    [Fact]
    public void No_two_log_messages_in_the_solution_share_an_event_id()
    {
        var messages = Assemblies
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var duplicates = messages
            .GroupBy(m => m.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.True(messages.Count >= 50, $"Only {messages.Count} log messages found: the reflection misses some.");
        Assert.True(duplicates.Count == 0, string.Join('\n', duplicates));
    }

    [Fact]
    public void Every_log_message_has_an_explicit_event_id()
    {
        var unnumbered = Assemblies
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<LoggerMessageAttribute>() is { EventId: <= 0 })
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();

        Assert.Empty(unnumbered);
    }
}
