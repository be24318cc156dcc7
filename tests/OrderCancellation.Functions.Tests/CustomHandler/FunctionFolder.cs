using System.Text.Json;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>One <c>&lt;FunctionName&gt;/function.json</c>, read the way the host reads it.</summary>
internal sealed record FunctionFolder(string Name, JsonElement Trigger, IReadOnlyList<JsonElement> Bindings)
{
    public string TriggerType => Trigger.GetProperty("type").GetString()!;

    public bool IsHttp => TriggerType == "httpTrigger";

    public string? Property(string name) =>
        Trigger.TryGetProperty(name, out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null;

    /// <summary>The folders under <paramref name="root"/> that hold a function.json (the host ignores others).</summary>
    public static IReadOnlyList<FunctionFolder> ReadAll(string root) =>
        Directory.GetDirectories(root)
            .Where(folder => File.Exists(Path.Combine(folder, "function.json")))
            .Select(folder => Read(Path.GetFileName(folder), File.ReadAllText(Path.Combine(folder, "function.json"))))
            .OrderBy(function => function.Name, StringComparer.Ordinal)
            .ToList();

    public static FunctionFolder Read(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var bindings = document.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
        var triggers = bindings.Where(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        Assert.True(triggers.Count == 1, $"{name}/function.json must have exactly one trigger binding, has {triggers.Count}.");
        Assert.All(bindings, b => Assert.False(string.IsNullOrEmpty(b.GetProperty("name").GetString())));
        return new FunctionFolder(name, triggers[0], bindings);
    }
}

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string FunctionApp => Path.Combine(Root, "src", "OrderCancellation.Functions", "FunctionApp");

    public static string HostJson => Path.Combine(Root, "host.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
