namespace OrderCancellation.Service;

/// <summary>
/// Behaves like the Azure Functions host where a standalone run needs it to: port 7071, <c>local.settings.json</c>
/// values (in Development only, as Core Tools; see <see cref="LocalSettings"/> for where the file is looked for).
/// </summary>
public static class FunctionsHostConventions
{
    public const string DefaultUrl = "http://localhost:7071";

    public static WebApplicationBuilder AddFunctionsHostConventions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var lookup = LocalSettings.AddTo(builder.Configuration, builder.Environment);
        // No logger exists before the host is built: say which file was read once it starts.
        builder.Services.AddHostedService(services => new LocalSettingsReport(lookup, services.GetRequiredService<ILogger<LocalSettingsReport>>()));

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// The host's options: the content root (where the app's own files are) is the one given (<c>--contentRoot</c>,
    /// <c>ASPNETCORE_CONTENTROOT</c>), else <see cref="ContentRoot"/>.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) =>
        new() { Args = args, ContentRootPath = GivenContentRoot(args) is null ? AppContext.BaseDirectory : null };

    /// <summary>
    /// The content root given, else the folder of the app's assembly, where the build copies <c>appsettings*.json</c>.
    /// Not the current directory (ASP.NET Core's default): that is the user's, where <c>./data</c> goes, and it holds no
    /// appsettings when the command is run from the repository root.
    /// </summary>
    public static string ContentRoot(string[] args) => GivenContentRoot(args) ?? AppContext.BaseDirectory;

    private static string? GivenContentRoot(string[] args) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey] is { Length: > 0 } given ? given : null;

    internal sealed class LocalSettingsReport(LocalSettingsLookup lookup, ILogger<LocalSettingsReport> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lookup.Report(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
