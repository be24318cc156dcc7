using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Pages;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;
using YamlDotNet.RepresentationModel;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>compose.yaml, the scale-out setup (docs/container.md), read without a container engine.</summary>
public sealed partial class ComposeFileTests
{
    private const string Service = "service";
    private static readonly string Root = AzuriteServer.RepositoryRoot();
    private static readonly ComposeFile Compose = ComposeFile.Load(Path.Combine(Root, "compose.yaml"));
    private static readonly Dictionary<string, string> Variables = new() { ["AUTH_SIGNING_KEY"] = Convert.ToBase64String(new byte[48]) };

    [Fact]
    public void The_compose_file_runs_postgres_azurite_the_service_and_a_gateway()
    {
        Assert.Equal(["azurite", "gateway", "postgres", Service], Compose.ServiceNames.Order(StringComparer.Ordinal));
        Assert.Equal("postgres:15", ComposeFile.ScalarOf(Compose.Service("postgres"), "image"));
    }

    [Fact]
    public void Azurite_is_the_version_the_test_suite_runs_and_serves_blob_queue_and_table_to_other_containers()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "tools", "azurite", "package.json")));
        var version = package.RootElement.GetProperty("dependencies").GetProperty("azurite").GetString();
        Assert.Equal($"mcr.microsoft.com/azure-storage/azurite:{version}", ComposeFile.ScalarOf(Compose.Service("azurite"), "image"));

        var command = ((YamlSequenceNode)ComposeFile.Child(Compose.Service("azurite"), "command")!).Children.Select(ComposeFile.Scalar).ToList();
        foreach (var host in new[] { "--blobHost", "--queueHost", "--tableHost" })
        {
            Assert.Equal("0.0.0.0", command[command.IndexOf(host) + 1]);
        }

        Assert.Contains("--skipApiVersionCheck", command);
        Assert.Contains("--loose", command);
    }

    [Fact]
    public void Postgres_and_azurite_have_health_checks_and_the_service_starts_once_both_are_healthy()
    {
        foreach (var dependency in new[] { "postgres", "azurite" })
        {
            var test = ComposeFile.Child(ComposeFile.Mapping(Compose.Service(dependency), "healthcheck"), "test");
            Assert.True(test is YamlSequenceNode { Children.Count: > 1 }, $"{dependency} has a health check command");
            var dependsOn = ComposeFile.Mapping(ComposeFile.Mapping(Compose.Service(Service), "depends_on"), dependency);
            Assert.Equal("service_healthy", ComposeFile.ScalarOf(dependsOn, "condition"));
        }

        // The service's own health check is the image's HEALTHCHECK (DockerfileTests); the gateway waits for it.
        Assert.Null(ComposeFile.Child(Compose.Service(Service), "healthcheck"));
        var gateway = ComposeFile.Mapping(ComposeFile.Mapping(Compose.Service("gateway"), "depends_on"), Service);
        Assert.Equal("service_healthy", ComposeFile.ScalarOf(gateway, "condition"));
    }

    [Fact]
    public void The_service_runs_the_repository_image_in_at_least_two_replicas_with_time_to_stop_gracefully()
    {
        var service = Compose.Service(Service);
        Assert.Equal(".", ComposeFile.ScalarOf(service, "build")); // the Dockerfile at the root
        var replicas = int.Parse(ComposeFile.ScalarOf(ComposeFile.Mapping(service, "deploy"), "replicas")!, CultureInfo.InvariantCulture);
        Assert.True(replicas >= 2, $"replicas: {replicas}");
        Assert.Null(ComposeFile.Child(service, "ports")); // replicas cannot share a host port: the gateway publishes one

        var grace = ComposeFile.ScalarOf(service, "stop_grace_period")!;
        Assert.True(int.Parse(grace.TrimEnd('s'), CultureInfo.InvariantCulture) > 30, "longer than the host's 30 s shutdown timeout");
    }

    [Fact]
    public void The_service_is_configured_only_through_keys_the_app_reads()
    {
        var environment = Compose.Environment(Service);
        var known = new[]
        {
            $"{StoreOptions.SectionName}:{nameof(StoreOptions.Provider)}",
            "ConnectionStrings:Store",
            AzureStorageQueueServiceCollectionExtensions.ConnectionStringKey,
            $"{AuthOptions.SectionName}:{nameof(AuthOptions.SigningKey)}",
            $"{PagesOptions.SectionName}:{nameof(PagesOptions.DevelopmentSignIn)}",
        };
        Assert.Equal(known.Order(StringComparer.Ordinal), environment.Keys.Select(k => k.Replace("__", ":", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", environment.Keys); // Production, as the image
    }

    [Fact]
    public void The_service_binds_its_store_to_postgres_its_feeds_to_azurite_and_its_tokens_to_the_supplied_key()
    {
        var environment = Interpolated(Compose.Environment(Service));

        var store = ContainerSettings.Store(environment);
        Assert.Equal(StoreProvider.Postgres, store.ParsedProvider);
        var postgres = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal("postgres", postgres.Host);
        Assert.Equal(ComposeFile.ScalarOf(ComposeFile.Mapping(Compose.Service("postgres"), "environment"), "POSTGRES_DB"), postgres.Database);

        var configuration = ContainerSettings.Configuration(environment);
        var storage = configuration[AzureStorageQueueServiceCollectionExtensions.ConnectionStringKey]!;
        AzureStorageQueueTransport.ValidateConnectionString(storage);
        Assert.Equal("http://azurite:10001/devstoreaccount1", new QueueServiceClient(storage).Uri.AbsoluteUri.TrimEnd('/'));

        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()!;
        Assert.Equal(Variables["AUTH_SIGNING_KEY"], auth.SigningKey);
        Assert.Empty(auth.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(auth)));
        Assert.False(configuration.GetSection(PagesOptions.SectionName).Get<PagesOptions>()!.DevelopmentSignIn);
    }

    [Fact]
    public void Compose_refuses_to_start_without_a_signing_key_and_says_how_to_make_one()
    {
        var key = Compose.Environment(Service)["Auth__SigningKey"];
        var refused = Assert.Throws<InvalidOperationException>(() => ComposeInterpolation.Apply(key, new Dictionary<string, string>()));
        Assert.Contains("AUTH_SIGNING_KEY", refused.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthOptions.DevelopmentSigningKey, Compose.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_dollar_sign_is_a_compose_variable_or_escaped_for_the_container()
    {
        // Compose interpolates values, not comments (the comments show shell commands).
        var values = Scalars(Compose.Root).ToList();
        Assert.Empty(values.SelectMany(ComposeInterpolation.BareDollars));
        Assert.All(values, v => ComposeInterpolation.Apply(v, Variables)); // every ${...} is a form compose knows
    }

    [Fact]
    public void The_gateway_spreads_requests_over_the_replicas_and_lets_a_full_size_feed_through()
    {
        var config = ComposeInterpolation.Apply(ComposeFile.ScalarOf(ComposeFile.Mapping(ComposeFile.Mapping(Compose.Root, "configs"), "gateway"), "content")!, Variables);
        var port = new Uri(DockerfileModel.Environment(DockerfileModel.Load(Path.Combine(Root, "Dockerfile")).FinalStage)["ASPNETCORE_URLS"].Replace("+", "container", StringComparison.Ordinal)).Port;

        Assert.Contains($"http://{Service}:{port}", config, StringComparison.Ordinal);
        Assert.Contains("resolver 127.0.0.11", config, StringComparison.Ordinal); // Docker's DNS, asked again as replicas come and go
        Assert.Contains("proxy_pass $replicas;", config, StringComparison.Ordinal);

        var bodyLimit = BodyLimit().Match(config);
        Assert.True(bodyLimit.Success, "client_max_body_size is set (nginx's default is 1 MB)");
        Assert.True(long.Parse(bodyLimit.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024 > new FeedsOptions().MaxDocumentBytes);

        var published = ComposeFile.Scalar(((YamlSequenceNode)ComposeFile.Child(Compose.Service("gateway"), "ports")!).Children[0]);
        Assert.StartsWith("127.0.0.1:", published, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(c => Scalars(c.Key).Concat(Scalars(c.Value))),
        _ => [],
    };

    private static Dictionary<string, string> Interpolated(IReadOnlyDictionary<string, string> environment) =>
        environment.ToDictionary(e => e.Key, e => ComposeInterpolation.Apply(e.Value, Variables), StringComparer.Ordinal);

    [GeneratedRegex(@"client_max_body_size (\d+)m;")]
    private static partial Regex BodyLimit();
}
