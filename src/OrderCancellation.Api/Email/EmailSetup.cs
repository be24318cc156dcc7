using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Api.Email;

/// <summary>Notices by e-mail, registered by <c>AddActivities</c> in both hosts.</summary>
public static class EmailSetup
{
    /// <summary>
    /// The <c>Email</c> options (validated at start), the contact directory (configuration-backed unless a host registered
    /// its own <see cref="IContactDirectory"/>), and, when <c>Email:Smtp:Host</c> is set, the SMTP sink beside the log sink.
    /// Without a host notices are only logged.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmailOptions.SectionName);
        services.AddOptions<EmailOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddSingleton<IContactDirectory, ConfigurationContactDirectory>();
        services.TryAddSingleton<EmailedNotices>();
        services.TryAddSingleton<SmtpSender>();
        services.TryAddSingleton(TimeProvider.System);

        if (!string.IsNullOrWhiteSpace(section["Smtp:Host"]))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, SmtpNotificationSink>());
        }

        return services;
    }
}

/// <summary>Fails the start with the first thing wrong in the <c>Email</c> section (<see cref="EmailOptions.Problem"/>).</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
