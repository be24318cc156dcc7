using OrderCancellation.Api.Auth;

namespace OrderCancellation.Service;

/// <summary>
/// What the command line asks for, decided before any host is built: the <c>token</c> command, help, or the service
/// with configuration overrides. The service starts only when every argument is an override ASP.NET Core reads
/// (<c>--key=value</c>, <c>/key=value</c>, <c>key=value</c>, <c>--key value</c>, <c>/key value</c>, <c>--urls …</c> among
/// them): its own parser skips anything else silently, so <c>tokn --role buyer</c> would start a second service.
/// </summary>
public static class ServiceCommandLine
{
    /// <summary>Bad arguments, as the <c>token</c> command's.</summary>
    public const int UsageExitCode = 2;

    public static readonly string Usage = $"""
        usage:
          OrderCancellation.Service [--urls <url>] [--<key>=<value> | --<key> <value> | /<key>=<value> | <key>=<value>]...
              runs the service; each pair overrides a configuration key, e.g. --Store:Provider=postgres
          OrderCancellation.Service {TokenCommand.Usage["usage: ".Length..]}
              prints a development token signed with Auth:SigningKey, and nothing else, on stdout
          OrderCancellation.Service --help
        """;

    private static readonly HashSet<string> HelpArguments = new(StringComparer.OrdinalIgnoreCase) { "--help", "-h", "-?", "/?", "help" };

    /// <summary>The token command's options, a mistake without <c>token</c> before them.</summary>
    private static readonly HashSet<string> TokenOptions = new(StringComparer.OrdinalIgnoreCase) { "role", "sub", "lifetime" };

    /// <summary>The exit code when the command line is handled here (token, help, a mistake); null: run the service.</summary>
    /// <param name="tokenConfiguration">What the token command reads; notes go to the writer given (stderr).</param>
    public static int? Handle(string[] args, TextWriter output, TextWriter error, Func<TextWriter, IConfiguration>? tokenConfiguration = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (TokenCommand.IsInvoked(args))
        {
            return TokenCommand.Run(args, (tokenConfiguration ?? TokenConfiguration.Build)(error), output, error);
        }

        if (args.Any(HelpArguments.Contains))
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (Mistake(args) is { } mistake)
        {
            error.WriteLine(mistake);
            error.WriteLine(Usage);
            return UsageExitCode;
        }

        return null;
    }

    /// <summary>Why the arguments are not configuration overrides, or null when they all are.</summary>
    public static string? Mistake(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var prefixed = arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/');
            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg.StartsWith('/') ? arg[1..] : arg;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var key = equals >= 0 ? body[..equals] : body;
            if (arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                return $"Unknown option '{arg}': settings are given as --key=value.";
            }

            if (key.Length == 0)
            {
                return $"'{arg}' names no setting.";
            }

            if (TokenOptions.Contains(key))
            {
                return $"'{arg}' belongs to the token command: token --role <role> --sub <id>.";
            }

            if (equals > 0)
            {
                continue;
            }

            if (!prefixed)
            {
                return $"Unknown command '{arg}': the only command is '{TokenCommand.Name}'; settings are given as --key=value.";
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"'{arg}' needs a value: {arg} <value> or {arg}=<value>.";
            }

            i++; // the value
        }

        return null;
    }
}
