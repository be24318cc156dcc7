using System.Collections.Concurrent;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Workflow.Tests.EndToEnd;

/// <summary>In-memory stand-ins for the app's adapters: they record what the activities asked.</summary>
internal sealed class FakePorts : INoticeStore, INoticeSink, IPaymentGateway, IInventory, IOrderChangePublisher, IOrderProjection
{
    private readonly ConcurrentDictionary<string, Notice> notices = new();

    public ConcurrentQueue<Notice> Sent { get; } = new();
    public ConcurrentQueue<PaymentInstruction> Released { get; } = new();
    public ConcurrentQueue<PaymentInstruction> Captured { get; } = new();
    public ConcurrentQueue<RestockInstruction> Restocked { get; } = new();
    public ConcurrentQueue<OrderChange> Changes { get; } = new();
    public ConcurrentQueue<OrderChangeDelivery> Deliveries { get; } = new();
    public ConcurrentQueue<OrderProjection> Projections { get; } = new();

    public IReadOnlyCollection<Notice> Stored => [.. notices.Values];

    public Task<Notice> AddAsync(Notice notice, CancellationToken cancellationToken) => Task.FromResult(notices.GetOrAdd(notice.NotificationId, notice));

    public Task DeliverAsync(Notice notice, CancellationToken cancellationToken) => Record(Sent, notice);

    public Task ReleaseAuthorizationAsync(PaymentInstruction instruction, CancellationToken cancellationToken) => Record(Released, instruction);

    public Task CaptureAsync(PaymentInstruction instruction, CancellationToken cancellationToken) => Record(Captured, instruction);

    public Task RestockAsync(RestockInstruction instruction, CancellationToken cancellationToken) => Record(Restocked, instruction);

    public Task<IReadOnlyList<string>> PrepareAsync(OrderChange change, CancellationToken cancellationToken)
    {
        Changes.Enqueue(change);
        return Task.FromResult<IReadOnlyList<string>>(["sub-1"]);
    }

    public Task DeliverAsync(OrderChangeDelivery delivery, CancellationToken cancellationToken) => Record(Deliveries, delivery);

    public Task ProjectAsync(OrderProjection projection, CancellationToken cancellationToken) => Record(Projections, projection);

    private static Task Record<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return Task.CompletedTask;
    }
}
