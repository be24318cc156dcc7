namespace OrderCancellation.Domain.Decisions;

/// <summary>What an accepted command achieved. Cancels name one of the four cancel outcomes; other commands are Accepted.</summary>
public enum Outcome
{
    Accepted,
    Canceled,
    PartiallyCanceled,
    AttemptingToCancel,
    CancellationRequested,
}

public static class OutcomeHttp
{
    /// <summary>200 when done now, 202 when the cancellation waits for someone else's answer (§5).</summary>
    public static int StatusCode(this Outcome outcome) =>
        outcome is Outcome.AttemptingToCancel or Outcome.CancellationRequested ? 202 : 200;
}
