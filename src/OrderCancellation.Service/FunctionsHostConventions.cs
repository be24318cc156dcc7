using System.Text.Json;

namespace OrderCancellation.Service;

/// <summary>Behaves like the Azure Functions host where a standalone run needs it to: port 7071, <c>local.settings.json</c> values (in Development only, as Core Tools).</summary>
public static class FunctionsHostConventions
{
    public const string DefaultUrl = "http://localhost:7071";

    public static WebApplicationBuilder AddFunctionsHostConventions(this WebApplicationBuilder builder)
    {
        // local.settings.json holds developer secrets (the sample's signing key among them) and is git-ignored; a
        // deployed instance must not pick up one that happens to lie in its folder.
        if (builder.Environment.IsDevelopment())
        {
            AddLocalSettingsValues(builder.Configuration, builder.Environment.ContentRootPath);
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// The Functions host reads <c>local.settings.json</c> "Values" as app settings; so do we, below
    /// environment variables and the command line so those still win.
    /// </summary>
    private static void AddLocalSettingsValues(ConfigurationManager configuration, string contentRoot)
    {
        var path = Path.Combine(contentRoot, "local.settings.json");
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var settings = values.EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());

        // Insert first so every other source (appsettings, environment, command line) overrides it.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
    }
}
