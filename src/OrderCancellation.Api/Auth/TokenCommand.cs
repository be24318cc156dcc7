namespace OrderCancellation.Api.Auth;

/// <summary>
/// <c>dotnet run --project src/OrderCancellation.Service -- token --role buyer --sub B1 [--hours 8]</c>
/// prints a dev token signed with <c>Auth:SigningKey</c>.
/// </summary>
public static class TokenCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == "token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var role = ValueOf(args, "--role");
        var subject = ValueOf(args, "--sub");
        var hours = double.TryParse(ValueOf(args, "--hours"), System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 8;
        if (!Roles.IsKnown(role) || string.IsNullOrWhiteSpace(subject))
        {
            error.WriteLine($"usage: token --role {string.Join('|', Roles.All)} --sub <id> [--hours 8]");
            return 2;
        }

        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            error.WriteLine("Auth:SigningKey is not configured (see local.settings.sample.json).");
            return 1;
        }

        // A token the service would refuse is no use: it must live within Auth:MaxTokenLifetime.
        var lifetime = TimeSpan.FromHours(hours);
        if (lifetime <= TimeSpan.Zero || lifetime > options.MaxTokenLifetime)
        {
            error.WriteLine($"--hours must be positive and at most Auth:MaxTokenLifetime ({options.MaxTokenLifetime.TotalHours} h).");
            return 2;
        }

        output.WriteLine(DevTokenIssuer.Issue(options, role!, subject, lifetime, DateTimeOffset.UtcNow));
        return 0;
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
