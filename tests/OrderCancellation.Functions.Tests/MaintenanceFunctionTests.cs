using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Orders;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The timer functions run the standalone host's background passes on the app's real services and a real SQLite store:
/// <see cref="MaintenanceFunctions.RetentionTimer"/> one retention purge, <see cref="MaintenanceFunctions.PendingCommandsTimer"/>
/// one settling scan of the commands answered 202, through the binding's (mocked) client.
/// </summary>
public sealed class MaintenanceFunctionTests
{
    /// <summary>Every age the shortest allowed (1 day): rows written three days ago are old, rows written now are young.</summary>
    private static readonly Dictionary<string, string?> ShortRetention = new()
    {
        ["Retention:Notices"] = "1.00:00:00",
        ["Retention:LedgerEntries"] = "1.00:00:00",
        ["Retention:WebhookDeliveries"] = "1.00:00:00",
        ["Retention:IdempotencyRecords"] = "1.00:00:00",
        ["Retention:FeedDocuments"] = "1.00:00:00",
        ["Retention:Feeds"] = "1.00:00:00",
    };

    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-3);

    [Fact]
    public async Task The_retention_timer_purges_old_rows_and_keeps_those_of_an_open_order()
    {
        await using var app = await FunctionsTestApp.StartAsync(settings: ShortRetention);
        var (open, closed) = ($"R-open-{Guid.NewGuid():N}", $"R-closed-{Guid.NewGuid():N}");
        await WriteAsync(app, "INSERT INTO order_view_tags (name, value, order_id) VALUES ('orderStatus', 'Unshipped', @a)", ("@a", open));
        await WriteAsync(app, "INSERT INTO order_view_tags (name, value, order_id) VALUES ('orderStatus', 'Canceled', @a)", ("@a", closed));
        var openNotice = await NoticeAsync(app, open, Old);
        var openLedger = await LedgerEntryAsync(app, open, Old);
        var closedNotice = await NoticeAsync(app, closed, Old);
        var closedLedger = await LedgerEntryAsync(app, closed, Old);
        var youngNotice = await NoticeAsync(app, closed, DateTimeOffset.UtcNow);
        var oldDelivery = await DeliveryAsync(app, Old);

        await MaintenanceFunctions.RetentionTimer(new TimerInfo(), FunctionContexts.For("RetentionTimer", app.Services).Object);

        Assert.Equal(0, await CountAsync(app, "notifications", "notification_id", closedNotice));
        Assert.Equal(0, await CountAsync(app, "ledger_entries", "activity_id", closedLedger));
        Assert.Equal(0, await CountAsync(app, "webhook_deliveries", "activity_id", oldDelivery));
        Assert.Equal(1, await CountAsync(app, "notifications", "notification_id", openNotice));
        Assert.Equal(1, await CountAsync(app, "ledger_entries", "activity_id", openLedger));
        Assert.Equal(1, await CountAsync(app, "notifications", "notification_id", youngNotice));
    }

    [Fact]
    public async Task The_retention_timer_purges_nothing_when_retention_is_off()
    {
        await using var app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?>(ShortRetention) { ["Retention:Enabled"] = "false" });
        var closed = $"R-closed-{Guid.NewGuid():N}";
        await WriteAsync(app, "INSERT INTO order_view_tags (name, value, order_id) VALUES ('orderStatus', 'Canceled', @a)", ("@a", closed));
        var notice = await NoticeAsync(app, closed, Old);

        await MaintenanceFunctions.RetentionTimer(new TimerInfo(), FunctionContexts.For("RetentionTimer", app.Services).Object);

        Assert.Equal(1, await CountAsync(app, "notifications", "notification_id", notice));
    }

    [Fact]
    public async Task The_pending_commands_timer_keeps_the_answer_the_orchestration_recorded_for_a_command_answered_202()
    {
        await using var app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Orders:AnswerTimeout"] = "00:00:00.200" });
        var durable = new FakeOrderOrchestrations();
        var (orderId, commandId) = await CancelAnswered202Async(app, durable);
        durable.ReleaseHeld(orderId);

        await MaintenanceFunctions.PendingCommandsTimer(new TimerInfo(), durable.Object, FunctionContexts.For("PendingCommandsTimer", app.Services).Object);

        var kept = await app.Services.GetRequiredService<CommandAnswerStore>().FindAsync(orderId, commandId, CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Equal(200, kept.Response.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<PendingCommandStore>().FindAsync(orderId, commandId, CancellationToken.None));
    }

    [Fact]
    public async Task The_pending_commands_timer_judges_a_command_the_finished_orchestration_never_took()
    {
        await using var app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Orders:AnswerTimeout"] = "00:00:00.200" });
        var durable = new FakeOrderOrchestrations();
        var (orderId, commandId) = await CancelAnswered202Async(app, durable);
        durable.Complete(orderId);

        await MaintenanceFunctions.PendingCommandsTimer(new TimerInfo(), durable.Object, FunctionContexts.For("PendingCommandsTimer", app.Services).Object);

        Assert.NotNull(await app.Services.GetRequiredService<CommandAnswerStore>().FindAsync(orderId, commandId, CancellationToken.None));
        Assert.Null(await app.Services.GetRequiredService<PendingCommandStore>().FindAsync(orderId, commandId, CancellationToken.None));
    }

    [Fact]
    public async Task The_pending_commands_timer_leaves_a_command_the_running_orchestration_has_not_taken()
    {
        await using var app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Orders:AnswerTimeout"] = "00:00:00.200" });
        var durable = new FakeOrderOrchestrations();
        var (orderId, commandId) = await CancelAnswered202Async(app, durable);

        await MaintenanceFunctions.PendingCommandsTimer(new TimerInfo(), durable.Object, FunctionContexts.For("PendingCommandsTimer", app.Services).Object);

        Assert.Null(await app.Services.GetRequiredService<CommandAnswerStore>().FindAsync(orderId, commandId, CancellationToken.None));
        Assert.NotNull(await app.Services.GetRequiredService<PendingCommandStore>().FindAsync(orderId, commandId, CancellationToken.None));
    }

    [Fact]
    public async Task The_worker_runs_neither_background_loop_the_timers_replace()
    {
        List<ServiceDescriptor> registered = [];
        await using var app = FunctionsTestApp.Create(services => registered.AddRange(services));

        Assert.Contains(registered, d => d.ImplementationType?.Name == "RetentionPurger" || d.ServiceType.Name == "RetentionPurger");
        Assert.DoesNotContain(registered, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "RetentionService");
        Assert.False(app.Services.GetRequiredService<IOptions<OrdersOptions>>().Value.PendingCommandsScanEnabled);
    }

    [Fact]
    public void The_deployment_and_the_sample_local_settings_set_both_schedules()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");
        Assert.Equal(MaintenanceFunctions.DefaultRetentionSchedule, values.GetProperty("Retention__Schedule").GetString());
        Assert.Equal(MaintenanceFunctions.DefaultPendingCommandsSchedule, values.GetProperty("Orders__PendingCommandsSchedule").GetString());

        var bicep = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"));
        Assert.Contains($"Retention__Schedule: '{MaintenanceFunctions.DefaultRetentionSchedule}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"Orders__PendingCommandsSchedule: '{MaintenanceFunctions.DefaultPendingCommandsSchedule}'", bicep, StringComparison.Ordinal);
    }

    /// <summary>A placed, paid order and a buyer's cancel held by its orchestration, so the edge answers 202: the order and the command's id.</summary>
    private static async Task<(string OrderId, string CommandId)> CancelAnswered202Async(FunctionsTestApp app, FakeOrderOrchestrations durable)
    {
        var orderId = $"333-{Random.Shared.Next(1_000_000, 9_999_999)}-0000001";
        var request = app.Request("POST", "/api/orders", FunctionsTestApp.User("marketplace", "M1"), OrderBodies.Place(orderId));
        Assert.Equal(201, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.PlaceOrder(request, durable.Object))).Status);
        request = app.Request("POST", $"/api/orders/{orderId}/payment", FunctionsTestApp.User("marketplace", "M1"), """{"status":"Verified"}""");
        Assert.Equal(200, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.ReportPayment(request, orderId, durable.Object))).Status);

        durable.HoldCommands = true;
        request = app.Request("POST", $"/api/orders/{orderId}/cancel", FunctionsTestApp.User("buyer", "B1"), """{"reason":"Ordered by mistake"}""");
        var accepted = await FunctionsTestApp.RunAsync(request, await OrderFunctions.CancelOrder(request, orderId, durable.Object));
        Assert.True(accepted.Status == 202, accepted.ToString());
        durable.HoldCommands = false;

        var location = accepted.Headers.Location.ToString();
        var commandId = Uri.UnescapeDataString(location[(location.LastIndexOf('/') + 1)..]);
        Assert.NotNull(await app.Services.GetRequiredService<PendingCommandStore>().FindAsync(orderId, commandId, CancellationToken.None));
        return (orderId, commandId);
    }

    private static async Task<string> NoticeAsync(FunctionsTestApp app, string orderId, DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            app,
            "INSERT INTO notifications (notification_id, order_id, kind, recipient, subject, body, created_at) VALUES (@id, @order, 'SellerNotice', 'seller:R', 's', 'b', @at)",
            ("@id", id), ("@order", orderId), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    private static async Task<string> LedgerEntryAsync(FunctionsTestApp app, string orderId, DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            app,
            "INSERT INTO ledger_entries (activity_id, order_id, kind, amount, currency, at) VALUES (@id, @order, 'ReleaseAuthorization', '25.00', 'USD', @at)",
            ("@id", id), ("@order", orderId), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    private static async Task<string> DeliveryAsync(FunctionsTestApp app, DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            app,
            "INSERT INTO webhook_deliveries (activity_id, subscription_id, status_code, attempt, delivered_at) VALUES (@id, 'R-subscription', 200, 1, @at)",
            ("@id", id), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    private static async Task WriteAsync(FunctionsTestApp app, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var tx = await app.Services.GetRequiredService<IStoreConnectionFactory>().BeginWriteAsync();
        var command = tx.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    private static async Task<long> CountAsync(FunctionsTestApp app, string table, string column, string value)
    {
        await using var connection = await app.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {column} = @value";
        command.With("@value", value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
