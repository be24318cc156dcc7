using System.Text.RegularExpressions;

namespace DurableTask.Relational;

/// <summary>The provider on PostgreSQL: any number of workers share one database (claims use <c>FOR UPDATE SKIP LOCKED</c>).</summary>
public sealed partial class PostgresProviderOptions : RelationalProviderOptions
{
    /// <summary>Schema that holds the provider's tables, so it can share a database. Default <c>dt</c>.</summary>
    public string Schema { get; set; } = "dt";

    private protected override void ValidateDatabase() =>
        Require(Identifier().IsMatch(Schema), "Schema must be lower-case letters, digits and underscores");

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
