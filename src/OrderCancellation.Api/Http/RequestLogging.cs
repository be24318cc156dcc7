using System.Text.Json;
using Microsoft.AspNetCore.HttpLogging;

namespace OrderCancellation.Api.Http;

/// <summary>
/// Errors that help: every 4xx is logged at Debug with its problem <c>code</c> (category
/// <c>OrderCancellation.Api.Http.RequestLogging</c>), and in Development each request at Information (method, path,
/// status, duration: ASP.NET Core's HTTP logging, never headers or bodies) unless <c>RequestLogging:Enabled</c> is false.
/// </summary>
public static class RequestLogging
{
    /// <summary>Turns the Development request log off (tests do); it is never on outside Development.</summary>
    public const string EnabledKey = "RequestLogging:Enabled";

    private const string CodeItem = "OrderCancellation.ProblemCode";
    private const string BodyItem = "OrderCancellation.ProblemBody";

    public static IServiceCollection AddRequestLogging(this IServiceCollection services)
    {
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true; // one entry per request
        });

        // After the API's own customization (which gives framework-made problems their code): name what a 415 accepts,
        // and keep the code for the 4xx log line.
        services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var customize = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                UnsupportedMediaTypes.Describe(context);
                if (context.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is string text)
                {
                    context.HttpContext.Items[CodeItem] = text;
                }
            };
        });
        return services;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue(EnabledKey, defaultValue: true))
        {
            app.UseHttpLogging();
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLogging));
        app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status is >= 400 and < 500 && logger.IsEnabled(LogLevel.Debug))
            {
                HttpLog.ClientError(logger, context.Request.Method, context.Request.Path, status, CodeOf(context));
            }
        });
        return app;
    }

    /// <summary>For a problem written already serialized (<see cref="JsonAnswer"/>): its code is read only if logged.</summary>
    public static void RememberProblemBody(HttpContext context, string body)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[BodyItem] = body;
    }

    private static string CodeOf(HttpContext context)
    {
        if (context.Items[CodeItem] is string code)
        {
            return code;
        }

        if (context.Items[BodyItem] is string body)
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                if (problem.RootElement.ValueKind == JsonValueKind.Object
                    && problem.RootElement.TryGetProperty("code", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not a problem document: no code to tell.
            }
        }

        return "-";
    }
}

internal static partial class HttpLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} {Code}")]
    public static partial void ClientError(ILogger logger, string method, string path, int status, string code);
}
