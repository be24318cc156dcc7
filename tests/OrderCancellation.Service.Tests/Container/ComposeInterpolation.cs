using System.Text.RegularExpressions;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>
/// Compose's variable interpolation, the forms compose.yaml uses: <c>${VAR}</c>, <c>${VAR:-default}</c>,
/// <c>${VAR:?message}</c> (an error when unset or empty) and <c>$$</c> for a literal <c>$</c>.
/// </summary>
internal static partial class ComposeInterpolation
{
    public static string Apply(string text, IReadOnlyDictionary<string, string> variables) =>
        Reference().Replace(text, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var name = match.Groups["name"].Value;
            var value = variables.GetValueOrDefault(name);
            return match.Groups["op"].Value switch
            {
                ":-" => string.IsNullOrEmpty(value) ? match.Groups["word"].Value : value,
                ":?" => string.IsNullOrEmpty(value) ? throw new InvalidOperationException($"required variable {name} is missing a value: {match.Groups["word"].Value}") : value,
                "" => value ?? string.Empty,
                var op => throw new NotSupportedException($"${{{name}{op}...}} is not a form these tests know."),
            };
        });

    /// <summary>Every <c>$</c> that is neither <c>$$</c> nor the start of <c>${</c>: compose would read it as a variable.</summary>
    public static IEnumerable<string> BareDollars(string text) =>
        BareDollar().Matches(text.Replace("$$", string.Empty, StringComparison.Ordinal)).Select(m => m.Value);

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<word>[^}]*))?\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\$(?!\{).{0,20}")]
    private static partial Regex BareDollar();
}
