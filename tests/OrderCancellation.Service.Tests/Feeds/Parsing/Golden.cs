using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

/// <summary>
/// The golden files in Feeds/Golden, embedded as "Golden/&lt;file&gt;". Each input's expected parse is
/// "&lt;file&gt;.expected". The feed type comes from the name: ack-*, adjustment-*, json-*, xml-ack-*, xml-adjustment-*.
/// Set UPDATE_GOLDEN=1 to rewrite the expected files from the current parsers (then review the diff).
/// </summary>
internal static class Golden
{
    private const string Prefix = "Golden/";

    public static IEnumerable<string> Inputs() => typeof(Golden).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && !n.EndsWith(".expected", StringComparison.Ordinal) && n != Prefix + "garbage.bin")
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal);

    public static Stream Open(string file) =>
        typeof(Golden).Assembly.GetManifestResourceStream(Prefix + file) ?? throw new FileNotFoundException($"No golden file {file}.");

    public static string? Expected(string file)
    {
        using var stream = typeof(Golden).Assembly.GetManifestResourceStream(Prefix + file + ".expected");
        return stream is null ? null : new StreamReader(stream).ReadToEnd();
    }

    public static void Update(string file, string expected) =>
        File.WriteAllText(Path.Combine(AzuriteServer.RepositoryRoot(), "tests", "OrderCancellation.Service.Tests", "Feeds", "Golden", file + ".expected"), expected);

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static FeedType TypeOf(string file) =>
        file.StartsWith("ack-", StringComparison.Ordinal) ? FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA
        : file.StartsWith("adjustment-", StringComparison.Ordinal) ? FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA
        : file.StartsWith("json-", StringComparison.Ordinal) ? FeedType.JSON_ORDER_CANCELLATION
        : file.StartsWith("xml-ack-", StringComparison.Ordinal) ? FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA
        : file.StartsWith("xml-adjustment-", StringComparison.Ordinal) ? FeedType.POST_PAYMENT_ADJUSTMENT_DATA
        : throw new ArgumentException($"Golden file {file} does not say its feed type.", nameof(file));
}
