using System.Xml.Linq;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>The Dockerfile read without a container engine: what the image is made of and how it runs (docs/container.md).</summary>
public sealed class DockerfileTests
{
    private static readonly string Root = AzuriteServer.RepositoryRoot();
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Load(Path.Combine(Root, "Dockerfile"));
    private static readonly string ServiceProject = "src/OrderCancellation.Service/OrderCancellation.Service.csproj";

    [Fact]
    public void The_image_is_built_with_the_sdk_in_one_stage_and_runs_on_the_aspnet_runtime_in_another()
    {
        Assert.True(Dockerfile.Stages.Count >= 2, "multi-stage: a build stage and a runtime stage");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", DockerfileModel.BaseImage(Dockerfile.Stages[0]));
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", DockerfileModel.BaseImage(Dockerfile.FinalStage));
        Assert.DoesNotContain(Dockerfile.FinalStage, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(Dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Flag("from") is not null);
    }

    [Fact]
    public void The_final_stage_runs_as_a_user_other_than_root()
    {
        var user = Assert.Single(Dockerfile.FinalStage.Where(i => i.Keyword == "USER").TakeLast(1)).Operands[0];
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });

        // The image's own non-root user (UID 1654), by the variable the base image sets, or a named user.
        Assert.True(user is "$APP_UID" or "${APP_UID}" or "app", $"USER {user}");
    }

    [Fact]
    public void The_service_listens_on_every_interface_at_the_port_the_image_exposes()
    {
        var environment = DockerfileModel.Environment(Dockerfile.FinalStage);
        var urls = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "container", StringComparison.Ordinal));
        Assert.StartsWith("http://+:", environment["ASPNETCORE_URLS"], StringComparison.Ordinal);

        var exposed = Assert.Single(Dockerfile.FinalStage, i => i.Keyword == "EXPOSE").Operands;
        Assert.Equal([urls.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], exposed.Select(p => p.Split('/')[0]));

        // The base image's ASPNETCORE_HTTP_PORTS would make Kestrel warn at each start that URLS overrides it.
        Assert.Equal(string.Empty, environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", environment.Keys); // Production: the development key is refused
    }

    [Fact]
    public void The_health_check_asks_the_readiness_endpoint_on_the_port_the_service_listens_on()
    {
        var healthCheck = Assert.Single(Dockerfile.FinalStage, i => i.Keyword == "HEALTHCHECK");
        var command = DockerfileModel.HealthCheckCommand(healthCheck);
        var port = new Uri(DockerfileModel.Environment(Dockerfile.FinalStage)["ASPNETCORE_URLS"].Replace("+", "container", StringComparison.Ordinal)).Port;

        Assert.Equal("bash", command[0]); // the runtime image has bash, but no curl or wget
        Assert.Contains($"/dev/tcp/127.0.0.1/{port}", command[^1], StringComparison.Ordinal);
        Assert.Contains("GET /health/ready ", command[^1], StringComparison.Ordinal);
        Assert.Contains("--timeout=", healthCheck.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_is_a_sqlite_file_on_a_volume_owned_by_the_app_user()
    {
        var store = ContainerSettings.Store(DockerfileModel.Environment(Dockerfile.FinalStage));
        Assert.Equal(StoreProvider.Sqlite, store.ParsedProvider);
        Assert.StartsWith("/data/", new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).DataSource, StringComparison.Ordinal);

        var volume = Assert.Single(Dockerfile.FinalStage, i => i.Keyword == "VOLUME");
        Assert.Equal(["/data"], volume.Operands);
        var stage = Dockerfile.FinalStage.ToList();
        var chown = stage.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("chown", StringComparison.Ordinal) && i.Arguments.Contains("/data", StringComparison.Ordinal));
        Assert.True(chown >= 0 && chown < stage.IndexOf(volume), "/data is given to the app user before VOLUME (changes after it are discarded)");
    }

    [Fact]
    public void Every_path_copied_from_the_build_context_exists_and_is_not_ignored()
    {
        var ignored = DockerIgnore();
        var copies = Dockerfile.All.Where(i => i.Keyword is "COPY" or "ADD" && i.Flag("from") is null).ToList();
        Assert.NotEmpty(copies);
        foreach (var source in copies.SelectMany(c => c.Operands.SkipLast(1)))
        {
            var path = Path.Combine(Root, source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file or folder in the repository");
            Assert.DoesNotContain(ignored, pattern => pattern.TrimEnd('/') == source.TrimEnd('/') || source.StartsWith(pattern.TrimEnd('/') + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_restore_layer_copies_every_project_the_service_references_and_publishes_the_service()
    {
        var build = Dockerfile.Stages[0].ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "a separate restore step, cached while only sources change");
        var copiedBeforeRestore = build.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Operands.SkipLast(1)).ToHashSet();

        foreach (var project in ProjectClosure(ServiceProject))
        {
            Assert.Contains(project, copiedBeforeRestore);
        }

        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        Assert.Contains("Directory.Build.props", copiedBeforeRestore);
        Assert.Contains("global.json", copiedBeforeRestore);
        Assert.Contains(".editorconfig", copiedBeforeRestore); // analyzer severities; warnings are errors
        Assert.Contains(ServiceProject, build[restore].Arguments, StringComparison.Ordinal);

        var publish = Assert.Single(build, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(ServiceProject, publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, ServiceProject)));

        var entryPoint = Assert.Single(Dockerfile.FinalStage, i => i.Keyword == "ENTRYPOINT");
        Assert.Contains($"\"{Path.GetFileNameWithoutExtension(ServiceProject)}.dll\"", entryPoint.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_local_data_and_git()
    {
        var ignored = DockerIgnore();
        foreach (var required in new[] { "**/bin/", "**/obj/", "artifacts/", "data/", ".git/", "**/TestResults/", "**/node_modules/" })
        {
            Assert.Contains(required, ignored);
        }
    }

    /// <summary>The service's project and every project it references, transitively, relative to the repository root.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var full = Path.Combine(Root, current);
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, reference));
                pending.Push(Path.GetRelativePath(Root, resolved).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static List<string> DockerIgnore() =>
        [.. File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
}
