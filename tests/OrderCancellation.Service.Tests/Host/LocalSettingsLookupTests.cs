using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// Issue 22 point 4: in Development <c>local.settings.json</c> is looked for in the content root and each folder above it
/// up to the repository root (the folder holding <c>Functions.sln</c>); the nearest wins; outside Development none is
/// read; and the host says which file it read.
/// </summary>
public sealed class LocalSettingsLookupTests : IDisposable
{
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("local-settings-");
    private readonly DirectoryInfo _repository;

    public LocalSettingsLookupTests()
    {
        _repository = _outside.CreateSubdirectory("repository");
        File.WriteAllText(Path.Combine(_repository.FullName, LocalSettings.RepositoryMarker), string.Empty);
        Directory.CreateDirectory(BinFolder);
    }

    /// <summary>Any free port: the hosts started here must not take the service's 7071.</summary>
    private const string LoopbackUrls = "--urls=http://127.0.0.1:0";

    private string ProjectFolder => Path.Combine(_repository.FullName, "src", "OrderCancellation.Service");

    /// <summary>The content root of <c>dotnet run</c> and of the dll: the app's output folder.</summary>
    private string BinFolder => Path.Combine(ProjectFolder, "bin", "Release", "net10.0");

    [Fact]
    public void A_file_in_the_project_folder_is_read()
    {
        var file = Write(ProjectFolder, "project");

        Assert.Equal(file, LocalSettings.Find(BinFolder));
        Assert.Equal("project", Configure(Environments.Development)["Orders:Marker"]);
    }

    [Fact]
    public void A_file_only_at_the_repository_root_is_read()
    {
        var file = Write(_repository.FullName, "root");

        Assert.Equal(file, LocalSettings.Find(BinFolder));
        Assert.Equal("root", Configure(Environments.Development)["Orders:Marker"]);
    }

    [Fact]
    public void With_both_the_project_folder_wins()
    {
        Write(_repository.FullName, "root");
        var file = Write(ProjectFolder, "project");

        Assert.Equal(file, LocalSettings.Find(BinFolder));
        Assert.Equal("project", Configure(Environments.Development)["Orders:Marker"]);
    }

    [Fact]
    public void With_none_nothing_is_read_and_every_folder_up_to_the_repository_root_was_searched()
    {
        var lookup = LocalSettings.AddTo(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), Environment(Environments.Development));

        Assert.Null(lookup.ReadFrom);
        Assert.Equal(Path.GetFullPath(BinFolder), lookup.SearchedFolders[0]);
        Assert.Equal(_repository.FullName, lookup.SearchedFolders[^1]);
    }

    [Fact]
    public void Nothing_above_the_repository_root_is_read()
    {
        Write(_outside.FullName, "outside");

        Assert.Null(LocalSettings.Find(BinFolder));
    }

    [Fact]
    public void Without_a_repository_above_only_the_content_root_is_searched()
    {
        var published = Directory.CreateTempSubdirectory("published-app-");
        try
        {
            Assert.Equal([published.FullName], LocalSettings.Folders(published.FullName));
        }
        finally
        {
            published.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Outside_Development_none_is_read(string environment)
    {
        Write(ProjectFolder, "project");
        Write(_repository.FullName, "root");

        Assert.Null(Configure(environment)["Orders:Marker"]);
    }

    [Fact]
    public void Environment_variables_and_the_command_line_override_local_settings()
    {
        Write(ProjectFolder, "project");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = BinFolder,
            Args = ["--Orders:Marker=command-line"],
        });

        builder.AddFunctionsHostConventions();

        Assert.Equal("command-line", builder.Configuration["Orders:Marker"]);
    }

    [Fact]
    public async Task The_host_logs_which_file_it_read()
    {
        var file = Write(_repository.FullName, "root");

        var logs = await StartAndStopAsync();

        Assert.Contains(logs.Entries, e => e.Message == $"Read local settings from {file}" && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task The_host_logs_that_none_was_found()
    {
        var logs = await StartAndStopAsync();

        Assert.Contains(logs.Entries, e => e.Message.StartsWith("No local.settings.json found (looked in ", StringComparison.Ordinal) && e.Level == LogLevel.Information);
    }

    /// <summary>A Development host with the conventions, started and stopped (the report is logged at start), and what it logged.</summary>
    private async Task<CapturedLogs> StartAndStopAsync()
    {
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = BinFolder, Args = [LoopbackUrls] });
        builder.Logging.AddProvider(logs);
        builder.AddFunctionsHostConventions();
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
        return logs;
    }

    public void Dispose() => _outside.Delete(recursive: true);

    private Microsoft.Extensions.Configuration.IConfiguration Configure(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = BinFolder });
        builder.AddFunctionsHostConventions();
        return builder.Configuration;
    }

    private IHostEnvironment Environment(string name)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = name, ContentRootPath = BinFolder });
        return builder.Environment;
    }

    private static string Write(string folder, string marker)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, LocalSettings.FileName);
        File.WriteAllText(path, $$"""{ "IsEncrypted": false, "Values": { "Orders__Marker": "{{marker}}" } }""");
        return path;
    }
}
