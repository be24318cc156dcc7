using Microsoft.DurableTask;

namespace DurableTask.Relational.Tests.Conformance.Tasks;

/// <summary>Durable timers: when they fire, and a far one that must outlive a restart.</summary>
public static class TimerOrchestrations
{
    public const string ShortTimer = nameof(ShortTimer);
    public const string FarTimerOrWake = nameof(FarTimerOrWake);
    public const string Waiting = "waiting";

    public static void Register(DurableTaskRegistry registry)
    {
        // The fired time is read twice: the orchestration's clock in the episode the timer woke, and the wall
        // clock in an activity scheduled by that episode. Neither may be before the due time.
        registry.AddOrchestratorFunc<double, TimerReport>(ShortTimer, async (context, seconds) =>
        {
            var due = context.CurrentUtcDateTime.AddSeconds(seconds);
            await context.CreateTimer(due, CancellationToken.None);
            var firedAt = context.CurrentUtcDateTime;
            var wallClockAfter = await context.CallActivityAsync<DateTime>(Activities.UtcNow);
            return new TimerReport(due, firedAt, wallClockAfter);
        });

        // A one-day timer raced by an event: the event wins, and the timer is cancelled.
        registry.AddOrchestratorFunc<string>(FarTimerOrWake, async context =>
        {
            context.SetCustomStatus(Waiting);
            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(context.CurrentUtcDateTime.AddDays(1), cancelTimer.Token);
            var wake = context.WaitForExternalEvent<string>("Wake");
            if (await Task.WhenAny(timer, wake) == wake)
            {
                cancelTimer.Cancel();
                return $"woken by {await wake}";
            }

            return "the timer fired";
        });
    }
}

public sealed record TimerReport(DateTime Due, DateTime FiredAt, DateTime WallClockAfter);
