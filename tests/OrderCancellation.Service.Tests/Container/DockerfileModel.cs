using System.Text;
using System.Text.Json;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>One instruction of a Dockerfile: its keyword (upper case) and the rest of its (joined) line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The arguments split on white space, double quotes grouping and removed (enough for COPY, ENV, USER).</summary>
    public IReadOnlyList<string> Words => DockerfileModel.Split(Arguments);

    /// <summary>The words that are not <c>--flag</c>s.</summary>
    public IReadOnlyList<string> Operands => [.. Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal))];

    public string? Flag(string name) =>
        Words.Where(w => w.StartsWith($"--{name}=", StringComparison.Ordinal)).Select(w => w[(name.Length + 3)..]).FirstOrDefault();
}

/// <summary>
/// The repository's Dockerfile read the way the builder reads it, as far as the tests need: comment lines dropped,
/// continuation lines joined, one <see cref="DockerInstruction"/> per instruction, stages split at each FROM.
/// </summary>
public sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<IReadOnlyList<DockerInstruction>> stages) => Stages = stages;

    /// <summary>Each stage's instructions, its FROM first.</summary>
    public IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; }

    public IReadOnlyList<DockerInstruction> FinalStage => Stages[^1];

    public IEnumerable<DockerInstruction> All => Stages.SelectMany(s => s);

    public static DockerfileModel Load(string path) => Parse(File.ReadAllText(path));

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<List<DockerInstruction>>();
        foreach (var line in LogicalLines(text))
        {
            var space = line.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var instruction = new DockerInstruction(keyword, space < 0 ? string.Empty : line[(space + 1)..].Trim());
            if (keyword == "FROM")
            {
                stages.Add([]);
            }

            if (stages.Count == 0)
            {
                throw new FormatException($"'{line}' comes before the first FROM.");
            }

            stages[^1].Add(instruction);
        }

        return new DockerfileModel(stages);
    }

    /// <summary>The image a stage starts from (FROM's first operand).</summary>
    public static string BaseImage(IReadOnlyList<DockerInstruction> stage) => stage[0].Operands[0];

    /// <summary>ENV's <c>key=value</c> pairs of a stage, in order (a later value wins).</summary>
    public static IReadOnlyDictionary<string, string> Environment(IEnumerable<DockerInstruction> stage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in stage.Where(i => i.Keyword == "ENV").SelectMany(i => i.Words))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"ENV '{word}' is not key=value.");
            }

            values[word[..equals]] = word[(equals + 1)..];
        }

        return values;
    }

    /// <summary>HEALTHCHECK's command in exec form (the JSON array after CMD).</summary>
    public static IReadOnlyList<string> HealthCheckCommand(DockerInstruction healthCheck)
    {
        var cmd = healthCheck.Arguments.IndexOf("CMD [", StringComparison.Ordinal);
        return cmd < 0
            ? throw new FormatException($"HEALTHCHECK '{healthCheck.Arguments}' is not in exec form (CMD [\"...\"]).")
            : JsonSerializer.Deserialize<string[]>(healthCheck.Arguments[(cmd + 4)..]) ?? [];
    }

    internal static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue; // a comment, also between continued lines
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            var logical = current.ToString().Trim();
            current.Clear();
            if (logical.Length > 0)
            {
                yield return logical;
            }
        }
    }
}
