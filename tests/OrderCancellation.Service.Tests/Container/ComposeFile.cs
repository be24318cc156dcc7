using YamlDotNet.RepresentationModel;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>compose.yaml parsed as YAML (YamlDotNet's representation model), with the few lookups the tests make.</summary>
public sealed class ComposeFile
{
    private ComposeFile(string text, YamlMappingNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public static ComposeFile Load(string path)
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        var document = Assert.Single(stream.Documents);
        return new ComposeFile(text, Assert.IsType<YamlMappingNode>(document.RootNode));
    }

    public YamlMappingNode Service(string name) => Mapping(Mapping(Root, "services"), name);

    public IEnumerable<string> ServiceNames => Mapping(Root, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    /// <summary>A service's <c>environment</c>, in either of compose's forms (a mapping, or a list of <c>KEY=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var node = Child(Service(service), "environment");
        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(c => Scalar(c.Key), c => Scalar(c.Value), StringComparer.Ordinal),
            YamlSequenceNode list => list.Children.Select(Scalar).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal),
            _ => throw new InvalidOperationException($"services.{service}.environment is missing or neither a mapping nor a list."),
        };
    }

    public static YamlMappingNode Mapping(YamlMappingNode parent, string key) =>
        Child(parent, key) as YamlMappingNode ?? throw new InvalidOperationException($"'{key}' is missing or not a mapping.");

    public static YamlNode? Child(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string Scalar(YamlNode node) =>
        (node as YamlScalarNode)?.Value ?? throw new InvalidOperationException($"{node.Start}: a scalar was expected.");

    /// <summary>A scalar child's value, or null when the key is absent.</summary>
    public static string? ScalarOf(YamlMappingNode parent, string key) => Child(parent, key) is { } node ? Scalar(node) : null;
}
