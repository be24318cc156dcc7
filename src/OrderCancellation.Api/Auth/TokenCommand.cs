using System.Globalization;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// <c>token --role &lt;role&gt; --sub &lt;id&gt; [--lifetime &lt;timespan&gt;]</c>: prints a dev token signed with
/// <c>Auth:SigningKey</c>, and only the token, on stdout (so <c>B=$(… token --role buyer --sub B1)</c> works); every
/// complaint goes to stderr. Exit codes: 0 printed, 1 no signing key configured, 2 bad arguments.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    /// <summary>Long enough for a working day, and within the default <see cref="AuthOptions.MaxTokenLifetime"/>.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static readonly string Usage =
        $"usage: {Name} --role <{string.Join('|', Roles.All)}> --sub <id> [--lifetime <timespan, e.g. 08:00:00>]";

    public static bool IsInvoked(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <param name="args">The whole command line, starting with <c>token</c>.</param>
    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Skip(1).Any(a => a is "--help" or "-h" or "-?"))
        {
            output.WriteLine(Usage);
            return 0;
        }

        var (parsed, invalid) = TokenArguments.Parse([.. args.Skip(1)]);
        if (parsed is null)
        {
            return Refuse(error, invalid);
        }

        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            error.WriteLine("Auth:SigningKey is not configured (appsettings.Development.json, local.settings.json or the Auth__SigningKey variable).");
            return 1;
        }

        // A token the service would refuse is no use: it must live within Auth:MaxTokenLifetime.
        var lifetime = parsed.Lifetime ?? Min(DefaultLifetime, options.MaxTokenLifetime);
        if (lifetime <= TimeSpan.Zero || lifetime > options.MaxTokenLifetime)
        {
            return Refuse(error, $"--lifetime {lifetime} must be positive and at most Auth:MaxTokenLifetime ({options.MaxTokenLifetime}).");
        }

        output.WriteLine(DevTokenIssuer.Issue(options, parsed.Role, parsed.Subject, lifetime, DateTimeOffset.UtcNow));
        return 0;
    }

    private static int Refuse(TextWriter error, string? reason)
    {
        error.WriteLine(reason);
        error.WriteLine(Usage);
        return 2;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The options after <c>token</c>: each once, as <c>--name value</c> or <c>--name=value</c>; nothing else.</summary>
    private sealed record TokenArguments(string Role, string Subject, TimeSpan? Lifetime)
    {
        /// <summary>The arguments, or why they are wrong.</summary>
        public static (TokenArguments? Value, string? Error) Parse(List<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Count; i++)
            {
                var (name, value) = Split(args[i]);
                if (name is not ("--role" or "--sub" or "--lifetime"))
                {
                    return Fail($"Unknown argument '{args[i]}'.");
                }

                if (value is null)
                {
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        return Fail($"{name} needs a value.");
                    }

                    value = args[++i];
                }

                if (!values.TryAdd(name, value))
                {
                    return Fail($"{name} is given twice.");
                }
            }

            if (!values.TryGetValue("--role", out var role) || !Roles.IsKnown(role))
            {
                return Fail(role is null ? "--role is required." : $"Unknown role '{role}'.");
            }

            if (!values.TryGetValue("--sub", out var subject) || !InputBounds.IsId(subject))
            {
                return Fail(subject is null ? "--sub is required." : InputBounds.DescribeId("--sub"));
            }

            TimeSpan? lifetime = null;
            if (values.TryGetValue("--lifetime", out var text))
            {
                if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Fail($"--lifetime '{text}' is not a timespan (hh:mm:ss, or d.hh:mm:ss).");
                }

                lifetime = parsed;
            }

            return (new TokenArguments(role, subject, lifetime), null);
        }

        private static (string Name, string? Value) Split(string arg)
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
        }

        private static (TokenArguments?, string) Fail(string reason) => (null, reason);
    }
}
