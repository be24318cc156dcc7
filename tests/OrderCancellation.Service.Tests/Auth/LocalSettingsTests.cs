using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 18 point 3: <c>local.settings.json</c> (developer values, the sample's signing key among them) is read as the
/// Functions Core Tools read it, in Development only; a deployed instance ignores one lying in its folder.
/// </summary>
public sealed class LocalSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("local-settings-");

    public LocalSettingsTests() =>
        File.WriteAllText(Path.Combine(_folder.FullName, "local.settings.json"), """
            { "IsEncrypted": false, "Values": { "Auth__SigningKey": "from-local-settings-0123456789abcdef0123" } }
            """);

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Local_settings_are_not_read_outside_Development(string environment)
    {
        var builder = Builder(environment).AddFunctionsHostConventions();

        Assert.Null(builder.Configuration["Auth:SigningKey"]);
    }

    [Fact]
    public void Local_settings_are_read_in_Development()
    {
        var builder = Builder(Environments.Development).AddFunctionsHostConventions();

        Assert.Equal("from-local-settings-0123456789abcdef0123", builder.Configuration["Auth:SigningKey"]);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private WebApplicationBuilder Builder(string environment) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = _folder.FullName });
}
