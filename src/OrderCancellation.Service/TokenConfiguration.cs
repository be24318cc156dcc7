using Microsoft.Extensions.FileProviders;

namespace OrderCancellation.Service;

/// <summary>
/// What the <c>token</c> command reads, without building a host (so it answers at once): <c>appsettings.json</c>,
/// <c>appsettings.{Environment}.json</c>, <c>local.settings.json</c> (Development, same lookup as the service) and
/// environment variables, from the same content root as the service.
/// </summary>
internal static class TokenConfiguration
{
    /// <summary>
    /// The environment is the service's (<c>ASPNETCORE_ENVIRONMENT</c>, else <c>DOTNET_ENVIRONMENT</c>), but Development
    /// when neither is set: the command prints development tokens, and running the dll directly sets no environment.
    /// </summary>
    public static IConfiguration Build(TextWriter notes)
    {
        var environmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
            : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
            : Environments.Development;
        var contentRoot = FunctionsHostConventions.ContentRoot([]);
        var environment = new TokenEnvironment(environmentName, contentRoot);

        var builder = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true)
            .AddEnvironmentVariables();
        var lookup = LocalSettings.AddTo(builder, environment);
        if (lookup.ReadFrom is not null)
        {
            notes.WriteLine($"Read local settings from {lookup.ReadFrom}");
        }

        return builder.Build();
    }

    /// <summary>Just enough of <see cref="IHostEnvironment"/> for <see cref="LocalSettings"/>.</summary>
    private sealed class TokenEnvironment(string environmentName, string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;

        public string ApplicationName { get; set; } = typeof(TokenEnvironment).Assembly.GetName().Name!;

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
