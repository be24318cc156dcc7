using OrderCancellation.Domain.Decisions;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>
/// The recorded answer to one command: either an <paramref name="Outcome"/> (accepted; the order is then at
/// <paramref name="Version"/>) or a <paramref name="Problem"/> (refused at <paramref name="Version"/>; nothing changed).
/// A 2xx the edge answers from a record is durable: the record is published only after the decision is.
/// </summary>
/// <param name="Fingerprint">
/// <see cref="CommandFingerprint.Of"/> of the command: the edge compares it with the one it would send and answers
/// 422 <c>idempotency-key-reused</c> when the same key came with another body.
/// </param>
public sealed record CommandRecord(string CommandId, long Version, Outcome? Outcome, Problem? Problem, string Fingerprint);
