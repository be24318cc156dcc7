using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>
/// The parts of an Azure Storage connection string the queue client needs. Understands
/// <c>UseDevelopmentStorage=true</c> (Azurite's well-known account on
/// <c>http://127.0.0.1:10001/devstoreaccount1</c>) and account-key strings
/// (<c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>EndpointSuffix</c>,
/// <c>QueueEndpoint</c>, which wins over the protocol and suffix). SAS tokens and managed identity are
/// not supported. The key never appears in <see cref="ToString"/> or in parse errors.
/// </summary>
public sealed record StorageConnectionString
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's (and the old storage emulator's) published account key.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly Uri DevelopmentQueueEndpoint = new("http://127.0.0.1:10001/devstoreaccount1");

    public StorageConnectionString(string accountName, ReadOnlyMemory<byte> accountKey, Uri queueEndpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        if (accountKey.IsEmpty)
        {
            throw new ArgumentException("The account key is empty.", nameof(accountKey));
        }

        AccountName = accountName;
        AccountKey = accountKey;
        QueueEndpoint = queueEndpoint;
    }

    public string AccountName { get; init; }

    public ReadOnlyMemory<byte> AccountKey { get; init; }

    /// <summary>The queue service root, without a trailing slash, e.g. <c>https://acct.queue.core.windows.net</c>.</summary>
    public Uri QueueEndpoint
    {
        get;
        init => field = new Uri(value.AbsoluteUri.TrimEnd('/'));
    }

    public static StorageConnectionString Development { get; } =
        new(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), DevelopmentQueueEndpoint);

    /// <exception cref="FormatException">The string is not a usable account-key connection string; the message says why.</exception>
    public static StorageConnectionString Parse(string connectionString) =>
        TryParse(connectionString, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out StorageConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "The storage connection string is empty.";
            return false;
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = "The storage connection string is not a list of Key=Value pairs separated by ';'.";
                return false;
            }

            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                error = "DevelopmentStorageProxyUri is not supported; give Azurite's QueueEndpoint, AccountName and AccountKey instead.";
                return false;
            }

            parsed = Development;
            error = null;
            return true;
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            error = "SharedAccessSignature connection strings are not supported; use AccountName and AccountKey.";
            return false;
        }

        if (!settings.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            error = "The storage connection string has no AccountName.";
            return false;
        }

        if (!settings.TryGetValue("AccountKey", out var key) || key.Length == 0)
        {
            error = "The storage connection string has no AccountKey.";
            return false;
        }

        var keyBytes = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, keyBytes, out var keyLength) || keyLength == 0)
        {
            error = "The storage connection string's AccountKey is not base64.";
            return false;
        }

        if (!TryQueueEndpoint(settings, accountName, out var endpoint, out error))
        {
            return false;
        }

        parsed = new StorageConnectionString(accountName, keyBytes.AsMemory(0, keyLength), endpoint);
        return true;
    }

    private static bool TryQueueEndpoint(Dictionary<string, string> settings, string accountName, [NotNullWhen(true)] out Uri? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        error = null;
        if (settings.TryGetValue("QueueEndpoint", out var explicitEndpoint))
        {
            if (Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out endpoint) && endpoint.Scheme is "http" or "https")
            {
                return true;
            }

            error = $"The storage connection string's QueueEndpoint '{explicitEndpoint}' is not an http(s) URL.";
            return false;
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("http" or "https"))
        {
            error = $"The storage connection string's DefaultEndpointsProtocol '{protocol}' is neither http nor https.";
            return false;
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        if (!Uri.TryCreate($"{protocol}://{accountName}.queue.{suffix}", UriKind.Absolute, out endpoint))
        {
            error = $"The storage connection string's AccountName and EndpointSuffix do not make a URL.";
            return false;
        }

        return true;
    }

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"AccountName={AccountName};QueueEndpoint={QueueEndpoint}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(ToString());
        return true;
    }
}
