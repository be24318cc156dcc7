using System.Text.RegularExpressions;

namespace DurableTask.Relational;

/// <summary>The provider on SQLite: one file, one writer (group commit), any number of readers.</summary>
public sealed partial class SqliteProviderOptions : RelationalProviderOptions
{
    /// <summary>Prefix of every table the provider creates, so it can share a database file. Default <c>dt_</c>.</summary>
    public string TablePrefix { get; set; } = "dt_";

    /// <summary>Most transactions the single writer commits together. Default 256.</summary>
    public int MaxGroupCommit { get; set; } = 256;

    private protected override void ValidateDatabase()
    {
        Require(Identifier().IsMatch(TablePrefix), "TablePrefix must be letters, digits and underscores");
        Require(MaxGroupCommit > 0, "MaxGroupCommit must be positive");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
