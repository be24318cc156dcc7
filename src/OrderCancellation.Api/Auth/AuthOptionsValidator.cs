using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// Refuses to start outside Development with <see cref="AuthOptions.DevelopmentSigningKey"/>: anyone who read the
/// repository could sign a marketplace token with it.
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        !environment.IsDevelopment() && string.Equals(options.SigningKey, AuthOptions.DevelopmentSigningKey, StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail(
                $"Auth:SigningKey is the development key published in local.settings.sample.json and appsettings.Development.json; " +
                $"it is refused in the '{environment.EnvironmentName}' environment. Set a secret key of your own (at least 32 bytes) or Auth:Authority.")
            : ValidateOptionsResult.Success;
}
