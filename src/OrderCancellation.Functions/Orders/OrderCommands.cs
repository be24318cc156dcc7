using System.Text.Json;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Steps;

namespace OrderCancellation.Functions.Orders;

/// <summary>How a command was handled by the runtime.</summary>
public enum OrderCommandStatus
{
    /// <summary>Judged now and committed (a refusal too: its answer is stored under the idempotency key).</summary>
    Applied,

    /// <summary>The idempotency key was seen before: <see cref="OrderCommandResult.Response"/> is the first answer, nothing happened again.</summary>
    Replayed,

    /// <summary>The expected version did not match (412 <c>version-conflict</c>); nothing happened.</summary>
    VersionConflict,

    /// <summary>The idempotency key was used before with another fingerprint (422 <c>idempotency-key-reused</c>); nothing happened.</summary>
    IdempotencyKeyReused,
}

/// <summary>
/// The result of one command. <see cref="Response"/> is the HTTP answer (status + JSON body), identical on
/// every replay. Exactly one of <see cref="Outcome"/> (accepted) and <see cref="Problem"/> (refused) is set.
/// </summary>
/// <param name="Version">The order's version after the command (0 when the order does not exist).</param>
public sealed record OrderCommandResult(OrderCommandStatus Status, StepResponse Response, long Version, Outcome? Outcome, Problem? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>One command of a batch (<see cref="OrderCommands.ExecuteAllAsync"/>); the parameters are those of <see cref="OrderCommands.ExecuteAsync"/>.</summary>
public sealed record OrderCommandRequest(string OrderId, OrderCommand Command, string? IdempotencyKey = null, string? Fingerprint = null, long? ExpectedVersion = null);

/// <summary>
/// Runs one <see cref="OrderCommand"/> on one order as a durable step (the order's workflow instance
/// is created by <see cref="OrderCommand.PlaceOrder"/>). The HTTP endpoints and the feed processor both
/// come through here.
/// </summary>
public sealed class OrderCommands(IDurableRuntime runtime, CancellationPolicy policy)
{
    /// <param name="orderId">The order (the instance id). For <see cref="OrderCommand.PlaceOrder"/> it must be the command's id.</param>
    /// <param name="command">Carries the acting caller and its own <c>Now</c>.</param>
    /// <param name="idempotencyKey">When set, a repeat returns the first answer and has no second effect. Scope it yourself (e.g. <c>feedId:recordNumber</c>).</param>
    /// <param name="fingerprint">What the request asked for; the same key with another fingerprint is refused.</param>
    /// <param name="expectedVersion">When set, the command applies only to this version of the order.</param>
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
        if (command is OrderCommand.PlaceOrder place && place.OrderId != orderId)
        {
            throw new ArgumentException($"PlaceOrder is for {place.OrderId}, not {orderId}.", nameof(command));
        }

        OrderStepResult? decided = null;
        var request = new StepRequest(orderId, OrderWorkflow.WorkflowName, idempotencyKey, fingerprint, expectedVersion);
        var result = await runtime.ExecuteStepAsync(request, current => (decided = OrderStep.Decide(command, current, policy)).Decision, cancellationToken);
        return Map(result, decided);
    }

    /// <summary>
    /// Runs several commands as one runtime batch (<see cref="IDurableRuntime.ExecuteStepsAsync"/>): in list order,
    /// each judged against what the ones before it left, committed together. The results come in the same order.
    /// </summary>
    public async Task<IReadOnlyList<OrderCommandResult>> ExecuteAllAsync(IReadOnlyList<OrderCommandRequest> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var decided = new OrderStepResult?[commands.Count];
        var steps = new (StepRequest, Decide)[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            var (orderId, command, idempotencyKey, fingerprint, expectedVersion) = commands[i];
            ArgumentException.ThrowIfNullOrEmpty(orderId);
            ArgumentNullException.ThrowIfNull(command);
            if (command is OrderCommand.PlaceOrder place && place.OrderId != orderId)
            {
                throw new ArgumentException($"PlaceOrder is for {place.OrderId}, not {orderId}.", nameof(commands));
            }

            var index = i;
            steps[i] = (new StepRequest(orderId, OrderWorkflow.WorkflowName, idempotencyKey, fingerprint, expectedVersion),
                current => (decided[index] = OrderStep.Decide(command, current, policy)).Decision);
        }

        var results = await runtime.ExecuteStepsAsync(steps, cancellationToken);
        var mapped = new OrderCommandResult[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            mapped[i] = Map(results[i], decided[i]);
        }

        return mapped;
    }

    private static OrderCommandResult Map(StepResult result, OrderStepResult? decided) => result.Outcome switch
    {
        StepOutcome.Applied => new(OrderCommandStatus.Applied, result.Response!, result.Version, decided!.Outcome, decided.Problem),
        StepOutcome.Replayed => Replayed(result),
        StepOutcome.VersionConflict => Refused(OrderCommandStatus.VersionConflict, result.Version, VersionConflict(result.Version)),
        StepOutcome.IdempotencyKeyReused => Refused(OrderCommandStatus.IdempotencyKeyReused, result.Version, IdempotencyKeyReused),
        _ => throw new InvalidOperationException($"Unknown step outcome {result.Outcome}."),
    };

    public static Problem VersionConflict(long current) =>
        new("version-conflict", 412, "The resource has changed.", $"If-Match did not match the current version {current}.");

    public static Problem IdempotencyKeyReused { get; } =
        new("idempotency-key-reused", 422, "The Idempotency-Key was used with a different request.", "Use a new key for a different request.");

    private static OrderCommandResult Refused(OrderCommandStatus status, long version, Problem problem) =>
        new(status, new StepResponse(problem.Status, OrderJson.Problem(problem)), version, null, problem);

    /// <summary>The outcome or problem of a replay is read back from the stored answer.</summary>
    private static OrderCommandResult Replayed(StepResult result)
    {
        var response = result.Response ?? throw new InvalidOperationException("A replayed step has no stored response.");
        Outcome? outcome = null;
        Problem? problem = null;
        if (response.StatusCode >= 400)
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            problem = new Problem(Text(root, "code") ?? "error", response.StatusCode, Text(root, "title") ?? string.Empty, Text(root, "detail") ?? string.Empty);
        }
        else if (response.Body.Length > 0)
        {
            using var document = JsonDocument.Parse(response.Body);
            outcome = Text(document.RootElement, "outcome") is { } text && Enum.TryParse<Outcome>(text, out var parsed) ? parsed : Outcome.Accepted;
        }
        else
        {
            outcome = Outcome.Accepted;
        }

        return new OrderCommandResult(OrderCommandStatus.Replayed, response, result.Version, outcome, problem);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
