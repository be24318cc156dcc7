using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Ledger;
using OrderCancellation.Functions.Notifications;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Activities.Support;

/// <summary>
/// The real app (<see cref="ServiceHost"/>) with short activity backoffs, and the way the order workflow hands
/// work to the activities: a step on instance "Order"/orderId whose state is a real <see cref="OrderState"/> and
/// whose activities carry the domain records; the real ActivityPoller runs them.
/// </summary>
public sealed class ActivityHost : IAsyncDisposable
{
    public const int MaxAttempts = 4;

    private ActivityHost(ServiceHost host) => Host = host;

    public ServiceHost Host { get; }

    public IDurableRuntime Runtime => Host.Services.GetRequiredService<IDurableRuntime>();

    internal NotificationStore Notices => Host.Services.GetRequiredService<NotificationStore>();

    internal LedgerStore Ledger => Host.Services.GetRequiredService<LedgerStore>();

    public static async Task<ActivityHost> StartAsync(StoreKind store, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Durable:ActivityPollInterval"] = "00:00:00.050",
            ["Durable:ActivityRetryBaseDelay"] = "00:00:00.100",
            ["Durable:ActivityRetryMaxDelay"] = "00:00:00.400",
            ["Durable:MaxActivityAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhooks:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ActivityHost(await ServiceHost.StartAsync(store, all));
    }

    public IActivityHandler Handler(string name) => Host.Services.GetServices<IActivityHandler>().Single(h => h.Name == name);

    /// <summary>Writes the order's state and enqueues <paramref name="activities"/> in one step, as the order workflow does.</summary>
    public async Task PutOrderAsync(OrderState order, IEnumerable<Activity>? activities = null)
    {
        var requests = (activities ?? []).Select(a => new ActivityRequest(a.Name, ActivityPayload.Serialize(a))).ToList();
        var result = await Runtime.ExecuteStepAsync(
            new StepRequest(order.OrderId, "Order"),
            _ => new StepDecision
            {
                NewState = JsonSerializer.Serialize(order, ApiJson.Options),
                Activities = requests,
                Response = new StepResponse(200, "{}"),
            });
        Assert.Equal(StepOutcome.Applied, result.Outcome);
    }

    /// <summary>Waits until no activity of the order is pending or running (dead ones stay); returns them.</summary>
    public async Task<IReadOnlyList<PendingActivity>> WaitForActivitiesAsync(string orderId, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await Runtime.GetStatusAsync(orderId) ?? throw new InvalidOperationException($"No instance {orderId}.");
            if (status.Activities.All(a => a.State == "Dead"))
            {
                return status.Activities;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Activities of {orderId} still pending: {string.Join(", ", status.Activities.Select(a => $"{a.Name} {a.State} #{a.Attempts} {a.LastError}"))}");
            }

            await Task.Delay(25);
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
