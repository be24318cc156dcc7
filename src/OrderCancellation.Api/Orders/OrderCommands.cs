using System.Diagnostics;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Api.Orders;

/// <summary>How a command was handled.</summary>
public enum OrderCommandStatus
{
    /// <summary>The orchestration recorded its answer (a refusal too).</summary>
    Applied,

    /// <summary>The idempotency key was answered before: <see cref="OrderCommandResult.Response"/> is the first answer, nothing happened again.</summary>
    Replayed,

    /// <summary>The expected version did not match (412 <c>version-conflict</c>); nothing happened.</summary>
    VersionConflict,

    /// <summary>The idempotency key was used before with another request (422 <c>idempotency-key-reused</c>); nothing happened.</summary>
    IdempotencyKeyReused,

    /// <summary>Raised, and not answered within <c>Orders:AnswerTimeout</c>: 202, the outcome is read later at <see cref="OrderCommandResult.CommandId"/>.</summary>
    Pending,

    /// <summary>
    /// No order the caller may see has this id: there is none, or it is someone else's (the same 404 <c>order-not-found</c>,
    /// §5). Decided at the edge from the order's snapshot: nothing was raised and no answer is kept, so a stranger's
    /// request writes nothing and learns nothing (not even the version an <c>If-Match</c> would have been checked against).
    /// </summary>
    NotFound,
}

/// <summary>An HTTP answer: status and JSON body, identical on every replay.</summary>
public sealed record CommandResponse(int StatusCode, string Body);

/// <summary>
/// The result of one command. Exactly one of <see cref="Outcome"/> (accepted) and <see cref="Problem"/> (refused) is set,
/// except for <see cref="OrderCommandStatus.Pending"/> (neither yet).
/// </summary>
/// <param name="Version">The order's version after the command (0 when the order does not exist).</param>
public sealed record OrderCommandResult(OrderCommandStatus Status, CommandResponse Response, long Version, Outcome? Outcome, Problem? Problem, string CommandId)
{
    public bool Succeeded => Problem is null && Status != OrderCommandStatus.Pending;
}

/// <summary>One command of a batch (<see cref="OrderCommands.ExecuteAllAsync"/>); the parameters are those of <see cref="OrderCommands.ExecuteAsync"/>.</summary>
public sealed record OrderCommandRequest(string OrderId, OrderCommand Command, string? IdempotencyKey = null, string? Fingerprint = null, long? ExpectedVersion = null);

/// <summary>The <c>Orders</c> section.</summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>How long the edge waits for a command's outcome before answering 202. Default 00:00:05.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a batch (a feed's records) waits for each command's outcome before it fails and is retried. Default 00:05:00.</summary>
    public TimeSpan BatchAnswerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the commands answered 202 and not yet resolved are looked at, so that an answer the orchestration recorded
    /// is kept before it leaves the orchestration's memory of recent commands. Default 00:00:01.
    /// </summary>
    public TimeSpan PendingCommandsScan { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether this host scans them in the background (<see cref="PendingCommandResolver"/>). Default true. The Functions host
    /// turns it off (its Durable Task client exists only inside an invocation) and runs the same scan from a timer function
    /// (<c>PendingCommandsTimer</c>); a command answered 202 is also settled when its outcome is read or its key repeated.
    /// </summary>
    public bool PendingCommandsScanEnabled { get; set; } = true;
}

/// <summary>
/// The command gateway (DESIGN §6): raises a command on its order's orchestration (event <see cref="OrderOrchestration.CommandEvent"/>,
/// with its <c>commandId</c>) and waits for the answer the orchestration records in its custom status, woken by the
/// in-process signal of the relational backend or polling with back-off elsewhere. An order whose orchestration has
/// finished is judged here against its final state (every such command is a refusal). Answers to keyed commands are
/// kept (<see cref="CommandAnswerStore"/>) so that a repeat replays them byte for byte. A command answered 202 is written down
/// first (<see cref="PendingCommandStore"/>) and its answer kept once known (<see cref="ResolveAsync"/>), even when the
/// orchestration completed without taking it.
/// </summary>
public sealed class OrderCommands(
    IDurableClientSource durable,
    OrderSnapshots snapshots,
    CommandAnswerStore answers,
    PendingCommandStore pendingCommands,
    IInstanceSignals signals,
    CancellationPolicy policy,
    IOptions<OrdersOptions> options,
    TimeProvider time,
    OrdersTelemetry telemetry,
    ILogger<OrderCommands> logger)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// An order's instance is never replaced when its id is placed again, whatever its status: every status is a dedupe
    /// status. (Our provider refuses a running id anyway; DTFx's Azure Storage provider would start a new execution.)
    /// </summary>
    private static readonly IReadOnlyList<string> EveryStatus = Enum.GetNames<OrchestrationRuntimeStatus>();

    public static Problem VersionConflict(long current) => WorkflowProblems.VersionConflict(current);

    public static Problem IdempotencyKeyReused { get; } =
        new("idempotency-key-reused", 422, "The Idempotency-Key was used with a different request.", "Use a new key for a different request.");

    /// <summary>A command raised on an order whose orchestration finished meanwhile and changes nothing there.</summary>
    public static Problem OrderClosed { get; } =
        new("order-closed", 409, "Order closed", "The order is closed (canceled or shipped) and nothing is pending on it; it cannot change any more.");

    /// <param name="orderId">The order (the instance id). For <see cref="OrderCommand.PlaceOrder"/> it must be the command's id.</param>
    /// <param name="command">Carries the acting caller and its own <c>Now</c>; the orchestration decides at its own time.</param>
    /// <param name="idempotencyKey">When set (scoped by the caller), the command's id: a repeat returns the first answer and has no second effect.</param>
    /// <param name="fingerprint">What the request asked for; the same key with another fingerprint is refused.</param>
    /// <param name="expectedVersion">When set, the command applies only to this version of the order (checked by the orchestration).</param>
    public async Task<OrderCommandResult> ExecuteAsync(
        string orderId,
        OrderCommand command,
        string? idempotencyKey = null,
        string? fingerprint = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentNullException.ThrowIfNull(command);
        using var span = OrdersTelemetry.StartCommand(orderId, command);
        var result = await ExecuteOnceAsync(orderId, command, idempotencyKey, fingerprint, expectedVersion, cancellationToken);
        telemetry.Answered(command, result);
        span?.SetTag("ordercancellation.status", result.Status.ToString());
        return result;
    }

    private async Task<OrderCommandResult> ExecuteOnceAsync(
        string orderId, OrderCommand command, string? idempotencyKey, string? fingerprint, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await answers.FindAsync(orderId, idempotencyKey, cancellationToken) is { } kept)
        {
            return kept.Fingerprint == (fingerprint ?? string.Empty)
                ? FromKept(kept, idempotencyKey)
                : Refused(OrderCommandStatus.IdempotencyKeyReused, kept.Version, IdempotencyKeyReused, idempotencyKey);
        }

        var commandId = idempotencyKey ?? $"{IdempotencyKeys.CallerScope($"{command.By.Role}:{command.By.Id}")}{Guid.CreateVersion7():N}";
        var result = command is OrderCommand.PlaceOrder place
            ? await PlaceAsync(orderId, place, commandId, cancellationToken)
            : await SendAsync(orderId, new CommandEnvelope(commandId, command, expectedVersion, Activity.Current?.Id), cancellationToken, requestFingerprint: fingerprint ?? string.Empty);
        if (idempotencyKey is null || result.Status is OrderCommandStatus.Pending or OrderCommandStatus.NotFound)
        {
            return result;
        }

        var keep = await answers.KeepAsync(orderId, idempotencyKey, new StoredAnswer(fingerprint ?? string.Empty, result.Response, result.Version), cancellationToken);
        return keep.Response == result.Response ? result : FromKept(keep, idempotencyKey);
    }

    /// <summary>
    /// Raises several commands and waits for all their answers (feeds): the commands of one order are raised in list order,
    /// each once the one before it is answered, so its orchestration takes them in that order and each is judged against
    /// what the one before left. Results come in list order. Keys are the commands' ids; no answer is kept for them (the
    /// orchestration's memory of recent ids covers a redelivered batch). There is no 202 here: a command not answered within
    /// <see cref="OrdersOptions.BatchAnswerTimeout"/> throws <see cref="TimeoutException"/>, and the batch is retried whole
    /// (its answered commands replay).
    /// </summary>
    public async Task<IReadOnlyList<OrderCommandResult>> ExecuteAllAsync(IReadOnlyList<OrderCommandRequest> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var results = new OrderCommandResult[commands.Count];
        var byOrder = commands.Select((c, i) => (c, i)).GroupBy(x => x.c.OrderId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byOrder, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (order, token) =>
        {
            foreach (var (request, index) in order)
            {
                var result = await SendAsync(
                    request.OrderId,
                    new CommandEnvelope(request.IdempotencyKey ?? Guid.CreateVersion7().ToString("N"), request.Command, request.ExpectedVersion, Activity.Current?.Id),
                    token,
                    view: false,
                    answerTimeout: options.Value.BatchAnswerTimeout);
                telemetry.Answered(request.Command, result);
                results[index] = result.Status != OrderCommandStatus.Pending
                    ? result
                    : throw new TimeoutException($"Order {request.OrderId} did not answer command {result.CommandId} within {options.Value.BatchAnswerTimeout}.");
            }
        });
        return results;
    }

    /// <summary>
    /// The answer to a command answered 202 earlier: the one kept, else the one the orchestration recorded, else — when the
    /// orchestration completed without taking it — the command judged against the final state (see <see cref="ResolveAsync"/>).
    /// Null: not yet, or not knowable (forgotten, or older than the answers kept).
    /// </summary>
    public async Task<OrderCommandResult?> FindAsync(string orderId, string commandId, OrderCancellation.Domain.Model.Actor caller, CancellationToken cancellationToken)
    {
        // The pending row first: it is deleted only after its answer is kept, so with no row here the kept answer is found below.
        var pending = await pendingCommands.FindAsync(orderId, commandId, cancellationToken);
        if (await answers.FindAsync(orderId, commandId, cancellationToken) is { } kept)
        {
            return FromKept(kept, commandId);
        }

        var instance = await snapshots.GetAsync(orderId, cancellationToken);
        if (pending is not null)
        {
            return await ResolveAsync(pending, instance, cancellationToken);
        }

        // Not written down as pending: answered 202 before pending commands were kept, or a placement still under way.
        return instance is { Snapshot: { } snapshot } && snapshot.Find(commandId) is { } record
            ? Answer(orderId, snapshot, record, caller, Placing.No, view: true)
            : null;
    }

    /// <summary>
    /// Settles a command answered 202 once its answer is known, and keeps that answer in <see cref="CommandAnswerStore"/>
    /// (first writer wins), so every later read and a keyed repeat give the same bytes, long after the orchestration has
    /// forgotten the command: the answer the orchestration recorded; or, when it completed without taking the command
    /// (Durable Task drops an event raised on an instance that completes first), the command judged against the final
    /// state, as a command raised on a closed order is. The answer is rendered for the command's own caller.
    /// Null while the orchestration runs without having taken it (not yet).
    /// </summary>
    internal async Task<OrderCommandResult?> ResolveAsync(PendingCommandRow pending, OrderInstance? instance, CancellationToken cancellationToken)
    {
        var (orderId, envelope) = (pending.OrderId, pending.Envelope);
        if (instance?.Snapshot is not { } snapshot)
        {
            return null;
        }

        OrderCommandResult? answer;
        if (snapshot.Find(envelope.CommandId) is { } record)
        {
            answer = Answer(orderId, snapshot, record, envelope.Command.By, Placing.No, view: true, Fingerprint(envelope));
        }
        else if (!instance.Finished)
        {
            return null;
        }
        else if (PendingCommands.NeverTaken(pending, snapshot))
        {
            PendingCommandsLog.JudgedAtTheEdge(logger, orderId, envelope.CommandId);
            answer = Judge(orderId, snapshot, envelope.Command, envelope.ExpectedVersion, envelope.CommandId, Placing.No, view: true);
        }
        else
        {
            // Taken and since forgotten, or not provably never taken: judging it now could contradict the answer it got.
            PendingCommandsLog.OutcomeUnknown(logger, orderId, envelope.CommandId);
            await pendingCommands.DeleteAsync(orderId, envelope.CommandId, cancellationToken);
            return null;
        }

        if (answer.Status == OrderCommandStatus.NotFound)
        {
            return answer; // the order is not the caller's: nothing to keep (it cannot change either)
        }

        var kept = await answers.KeepAsync(orderId, envelope.CommandId, new StoredAnswer(pending.Fingerprint, answer.Response, answer.Version), cancellationToken);
        await pendingCommands.DeleteAsync(orderId, envelope.CommandId, cancellationToken);
        return FromKept(kept, envelope.CommandId);
    }

    private async Task<OrderCommandResult> PlaceAsync(string orderId, OrderCommand.PlaceOrder place, string commandId, CancellationToken cancellationToken)
    {
        if (place.OrderId != orderId)
        {
            throw new ArgumentException($"PlaceOrder is for {place.OrderId}, not {orderId}.", nameof(place));
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await durable.Client.ScheduleNewOrchestrationInstanceAsync(
                    OrderOrchestration.Name,
                    OrderInput.Start(commandId, place, policy),
                    new StartOrchestrationOptions(orderId) { DedupeStatuses = EveryStatus },
                    cancellationToken);
                return await AwaitAsync(orderId, commandId, place.By, Placing.Created, view: true, cancellationToken)
                    ?? Pending(orderId, commandId);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // Known already: judged below against what it is.
            }

            var existing = await AwaitSnapshotAsync(orderId, cancellationToken);
            if (existing is null)
            {
                return Pending(orderId, commandId);
            }

            if (existing.Snapshot!.Find(commandId) is { } record)
            {
                return Answer(orderId, existing.Snapshot, record, place.By, Placing.Created, view: true);
            }

            if (existing.Snapshot.Order is null && existing.Finished && attempt == 0)
            {
                // Its placement was refused: the id was never an order. Free it and place again.
                await durable.Client.PurgeInstanceAsync(orderId, cancellation: cancellationToken);
                continue;
            }

            return Judge(orderId, existing.Snapshot, place, expectedVersion: null, commandId, Placing.Existed, view: true);
        }
    }

    /// <param name="requestFingerprint">
    /// Set on the HTTP path, where an unanswered command is answered 202: the command is then written down as pending, with this
    /// fingerprint, before the 202 is returned. Null for batches, which time out instead.
    /// </param>
    private async Task<OrderCommandResult> SendAsync(
        string orderId, CommandEnvelope envelope, CancellationToken cancellationToken, bool view = true, TimeSpan? answerTimeout = null, string? requestFingerprint = null)
    {
        var by = envelope.Command.By;
        var instance = await snapshots.GetAsync(orderId, cancellationToken);
        if (instance?.Snapshot is not { Order: not null } snapshot || !OrderAccess.CanSee(by, snapshot.Order))
        {
            // Ownership never changes, so the snapshot settles it before anything is raised (and before If-Match is compared).
            return NotFound(envelope.CommandId);
        }

        if (snapshot.Find(envelope.CommandId) is { } known)
        {
            return Answer(orderId, snapshot, known, by, Placing.No, view, Fingerprint(envelope));
        }

        if (instance.Finished)
        {
            return Judge(orderId, snapshot, envelope.Command, envelope.ExpectedVersion, envelope.CommandId, Placing.No, view);
        }

        // Registered before the raise: the step that takes the command signals it, so the first read waits for it.
        var stepped = signals.NextStep(orderId);
        await durable.Client.RaiseEventAsync(orderId, OrderOrchestration.CommandEvent, envelope, cancellationToken);
        if (await AwaitAsync(orderId, envelope.CommandId, by, Placing.No, view, cancellationToken, envelope, stepped, answerTimeout) is { } answered)
        {
            return answered;
        }

        if (requestFingerprint is not null)
        {
            // Written before the 202 is returned, so a caller holding a 202 can always learn the outcome. The last command the
            // order had answered before this one was raised tells, once the order completes, whether it was ever taken.
            var takenAfter = snapshot.Commands.Count > 0 ? snapshot.Commands[^1].CommandId : null;
            await pendingCommands.AddAsync(new PendingCommandRow(orderId, envelope, requestFingerprint, takenAfter), cancellationToken);
        }

        return Pending(orderId, envelope.CommandId);
    }

    /// <summary>
    /// Waits for the orchestration to record the command's answer, until <see cref="OrdersOptions.AnswerTimeout"/> (then null).
    /// An orchestration that finished without it dropped the event (it arrived after the last step): judged here.
    /// </summary>
    private async Task<OrderCommandResult?> AwaitAsync(
        string orderId, string commandId, OrderCancellation.Domain.Model.Actor by, Placing place, bool view, CancellationToken cancellationToken,
        CommandEnvelope? envelope = null, Task? raised = null, TimeSpan? answerTimeout = null)
    {
        var deadline = time.GetUtcNow() + (answerTimeout ?? options.Value.AnswerTimeout);
        var poll = FirstPoll;
        if (raised is not null)
        {
            await Task.WhenAny(raised, Task.Delay(poll, time, cancellationToken)); // nothing to read before the orchestration steps
        }

        while (true)
        {
            var stepped = signals.NextStep(orderId); // before the read: a step between the read and the wait still wakes us
            var instance = await snapshots.GetAsync(orderId, cancellationToken);
            if (instance?.Snapshot is { } snapshot)
            {
                if (snapshot.Find(commandId) is { } record)
                {
                    return Answer(orderId, snapshot, record, by, place, view, envelope is null ? null : Fingerprint(envelope));
                }

                if (instance.Finished && envelope is not null)
                {
                    return Judge(orderId, snapshot, envelope.Command, envelope.ExpectedVersion, commandId, Placing.No, view);
                }
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.WhenAny(stepped, Task.Delay(poll < left ? poll : left, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            poll = poll * 2 < LastPoll ? poll * 2 : LastPoll;
        }
    }

    /// <summary>Waits (up to the answer timeout) for an existing instance to publish its first snapshot.</summary>
    private async Task<OrderInstance?> AwaitSnapshotAsync(string orderId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.AnswerTimeout;
        var poll = FirstPoll;
        while (true)
        {
            var stepped = signals.NextStep(orderId);
            if (await snapshots.GetAsync(orderId, cancellationToken) is { Snapshot: not null } instance)
            {
                return instance;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.WhenAny(stepped, Task.Delay(poll < left ? poll : left, time, cancellationToken));
            poll = poll * 2 < LastPoll ? poll * 2 : LastPoll;
        }
    }

    /// <summary>A command on an order whose orchestration has finished: decided here against the final state, nothing applied.</summary>
    private OrderCommandResult Judge(string orderId, OrderSnapshot snapshot, OrderCommand command, long? expectedVersion, string commandId, Placing place, bool view)
    {
        if (snapshot.Order is null || !OrderAccess.CanSee(command.By, snapshot.Order))
        {
            return NotFound(commandId);
        }

        if (expectedVersion is { } expected && expected != snapshot.Version)
        {
            return Refused(OrderCommandStatus.VersionConflict, snapshot.Version, VersionConflict(snapshot.Version), commandId);
        }

        var decision = OrderDecider.Decide(command with { Now = time.GetUtcNow() }, snapshot.Order, policy);
        var record = decision switch
        {
            Decision.Refused refused => new CommandRecord(commandId, snapshot.Version, null, refused.Problem, string.Empty),
            Decision.Accepted { Events.Count: 0 } accepted => new CommandRecord(commandId, snapshot.Version, accepted.Outcome, null, string.Empty),
            _ => new CommandRecord(commandId, snapshot.Version, null, OrderClosed, string.Empty),
        };
        return Answer(orderId, snapshot, record, command.By, place, view);
    }

    /// <summary>The HTTP answer to a recorded command: its problem, or <c>{outcome, order}</c> (placing: the order, 201 when it placed it).</summary>
    private OrderCommandResult Answer(
        string orderId, OrderSnapshot snapshot, CommandRecord record, OrderCancellation.Domain.Model.Actor by, Placing place, bool view, string? expectedFingerprint = null)
    {
        if (expectedFingerprint is not null && record.Fingerprint.Length > 0 && record.Fingerprint != expectedFingerprint)
        {
            return Refused(OrderCommandStatus.IdempotencyKeyReused, snapshot.Version, IdempotencyKeyReused, record.CommandId);
        }

        if (record.Problem is { } problem)
        {
            var status = problem.Code == "version-conflict" ? OrderCommandStatus.VersionConflict : OrderCommandStatus.Applied;
            return Refused(status, record.Version, problem, record.CommandId);
        }

        var outcome = record.Outcome ?? Outcome.Accepted;
        if (!view || snapshot.Order is null)
        {
            return new OrderCommandResult(OrderCommandStatus.Applied, new CommandResponse(outcome.StatusCode(), string.Empty), snapshot.Version, outcome, null, record.CommandId);
        }

        var order = OrderView.Of(snapshot.Order, snapshot.Version, by, time.GetUtcNow(), policy);
        var response = place switch
        {
            Placing.Created => new CommandResponse(201, OrderJson.Body(order)),
            Placing.Existed => new CommandResponse(200, OrderJson.Body(order)),
            _ => new CommandResponse(outcome.StatusCode(), OrderJson.Body(new CommandAnswer(outcome, order))),
        };
        return new OrderCommandResult(OrderCommandStatus.Applied, response, snapshot.Version, outcome, null, record.CommandId);
    }

    /// <summary>How a placing is answered: the order itself, 201 when this command created it, 200 when it existed.</summary>
    private enum Placing
    {
        No,
        Created,
        Existed,
    }

    private static string Fingerprint(CommandEnvelope envelope) => CommandFingerprint.Of(envelope.Command);

    private static OrderCommandResult NotFound(string commandId) =>
        Refused(OrderCommandStatus.NotFound, 0, Domain.Decisions.Problems.OrderNotFound, commandId);

    private static OrderCommandResult Refused(OrderCommandStatus status, long version, Problem problem, string commandId) =>
        new(status, new CommandResponse(problem.Status, OrderJson.Problem(problem)), version, null, problem, commandId);

    /// <summary>The 202 answer of a command not decided yet, with the <c>Location</c> of its outcome.</summary>
    internal static OrderCommandResult Pending(string orderId, string commandId) =>
        new(OrderCommandStatus.Pending, new CommandResponse(202, OrderJson.Body(new PendingCommand(commandId, "Pending", OrderAnswers.CommandLocation(orderId, commandId)))), 0, null, null, commandId);

    /// <summary>A kept answer: its outcome or problem read back from the stored body.</summary>
    private static OrderCommandResult FromKept(StoredAnswer kept, string commandId)
    {
        var response = kept.Response;
        if (response.StatusCode >= 400)
        {
            using var document = System.Text.Json.JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            var problem = new Problem(Text(root, "code") ?? "error", response.StatusCode, Text(root, "title") ?? string.Empty, Text(root, "detail") ?? string.Empty);
            return new OrderCommandResult(OrderCommandStatus.Replayed, response, kept.Version, null, problem, commandId);
        }

        Outcome outcome = Outcome.Accepted;
        if (response.Body.Length > 0)
        {
            using var document = System.Text.Json.JsonDocument.Parse(response.Body);
            outcome = Text(document.RootElement, "outcome") is { } text && Enum.TryParse<Outcome>(text, out var parsed) ? parsed : Outcome.Accepted;
        }

        return new OrderCommandResult(OrderCommandStatus.Replayed, response, kept.Version, outcome, null, commandId);
    }

    private static string? Text(System.Text.Json.JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The 202 body of a command still being decided: where its outcome will be.</summary>
public sealed record PendingCommand(string CommandId, string Status, string Location);
