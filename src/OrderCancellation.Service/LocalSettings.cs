using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace OrderCancellation.Service;

/// <summary>
/// <c>local.settings.json</c>, the Functions Core Tools' file of developer values: its <c>Values</c> are read as app
/// settings, in Development only (it holds secrets, the sample's signing key among them, and a deployed instance must not
/// pick up one lying in its folder). The file is looked for in the content root and then each folder above it, up to
/// and including the repository root (the folder holding <c>Functions.sln</c>); the nearest wins, so the project
/// folder's beats the repository root's. Without a repository above, only the content root is looked at.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>The file marking the repository root, where the walk up stops.</summary>
    public const string RepositoryMarker = "Functions.sln";

    /// <summary>The folders looked in, nearest first.</summary>
    public static IReadOnlyList<string> Folders(string contentRoot)
    {
        var start = new DirectoryInfo(Path.GetFullPath(contentRoot));
        var folders = new List<string>();
        for (var folder = start; folder is not null; folder = folder.Parent)
        {
            folders.Add(folder.FullName);
            if (File.Exists(Path.Combine(folder.FullName, RepositoryMarker)))
            {
                return folders;
            }
        }

        return [start.FullName]; // no repository above: a published app reads only its own folder
    }

    /// <summary>The file that is read, or null.</summary>
    public static string? Find(string contentRoot) =>
        Folders(contentRoot).Select(f => Path.Combine(f, FileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// In Development, adds the file's <c>Values</c> below every other source (appsettings, environment, command line
    /// override it, as Core Tools' values are overridden by real environment variables). What happened, for the log.
    /// </summary>
    public static LocalSettingsLookup AddTo(IConfigurationBuilder configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return new LocalSettingsLookup(environment.EnvironmentName, null, []);
        }

        var folders = Folders(environment.ContentRootPath);
        var path = Find(environment.ContentRootPath);
        if (path is not null)
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values(path) });
        }

        return new LocalSettingsLookup(environment.EnvironmentName, path, folders);
    }

    /// <summary>The <c>Values</c> object, <c>__</c> read as <c>:</c> like environment variables.</summary>
    private static Dictionary<string, string?> Values(string path)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var document = JsonDocument.Parse(File.ReadAllText(path), options);
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return values.EnumerateObject().ToDictionary(
            p => p.Name.Replace("__", ":", StringComparison.Ordinal),
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
    }
}

/// <summary>Where <c>local.settings.json</c> was looked for and which one was read (null: none, or not Development).</summary>
internal sealed record LocalSettingsLookup(string EnvironmentName, string? ReadFrom, IReadOnlyList<string> SearchedFolders)
{
    public void Report(ILogger logger)
    {
        if (SearchedFolders.Count == 0)
        {
            ServiceLog.LocalSettingsIgnored(logger, EnvironmentName);
        }
        else if (ReadFrom is not null)
        {
            ServiceLog.LocalSettingsRead(logger, ReadFrom);
        }
        else
        {
            ServiceLog.LocalSettingsNotFound(logger, string.Join(", ", SearchedFolders));
        }
    }
}
