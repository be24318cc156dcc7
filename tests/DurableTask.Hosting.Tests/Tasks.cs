using Microsoft.DurableTask;

namespace DurableTask.Hosting.Tests;

public sealed record Order(string Id, int Quantity);

public sealed record Approval(string By);

public sealed record Progress(string Stage);

/// <summary>Calls one activity with a record and returns what it answered.</summary>
public sealed class ConfirmOrder : TaskOrchestrator<Order, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, Order input) =>
        context.CallActivityAsync<string>(nameof(DescribeOrder), input);
}

public sealed class DescribeOrder : TaskActivity<Order, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, Order input) =>
        Task.FromResult($"{input.Quantity} x {input.Id}");
}

/// <summary>Shows its progress as custom status, then waits for an approval and returns who gave it.</summary>
public sealed class AwaitApproval : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus(new Progress("waiting for approval"));
        Approval approval = await context.WaitForExternalEvent<Approval>("approval");
        return $"{input} approved by {approval.By}";
    }
}

/// <summary>Sleeps on a durable timer, then reports the time it woke at.</summary>
public sealed class SleepBriefly : TaskOrchestrator<string?, DateTime>
{
    public override async Task<DateTime> RunAsync(TaskOrchestrationContext context, string? input)
    {
        DateTime due = context.CurrentUtcDateTime.AddMilliseconds(50);
        await context.CreateTimer(due, CancellationToken.None);
        return due;
    }
}

/// <summary>Fails: its activity throws.</summary>
public sealed class RejectOrder : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(ThrowRejection), input);
}

public sealed class ThrowRejection : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new InvalidOperationException($"{input} is rejected");
}

/// <summary>Runs an activity that does not return until the test releases it.</summary>
public sealed class WaitOnGate : TaskOrchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) =>
        context.CallActivityAsync<string>(nameof(HangUntilReleased));
}

public sealed class HangUntilReleased(ActivityGate gate) : TaskActivity<string?, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string? input)
    {
        gate.Entered.TrySetResult();
        await gate.Release.Task;
        return "released";
    }
}

/// <summary>Lets a test see that an activity runs and decide when it may finish.</summary>
public sealed class ActivityGate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
