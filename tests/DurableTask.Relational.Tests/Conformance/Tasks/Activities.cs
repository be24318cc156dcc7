using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace DurableTask.Relational.Tests.Conformance.Tasks;

/// <summary>
/// The activities: effects may read the clock, keep counts and wait for the test, which orchestrations may not.
/// Static state is keyed by instance id (unique per test), so classes running in parallel do not meet.
/// </summary>
public static class Activities
{
    public const string Echo = nameof(Echo);
    public const string UtcNow = nameof(UtcNow);
    public const string FailTwiceThenSucceed = nameof(FailTwiceThenSucceed);
    public const string PassGate = nameof(PassGate);

    private static readonly ConcurrentDictionary<string, int> Attempts = new();

    public static int AttemptsOf(string key) => Attempts.GetValueOrDefault(key);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<string, string>(Echo, (_, input) => input);
        registry.AddActivityFunc<DateTime>(UtcNow, _ => DateTime.UtcNow);
        registry.AddActivityFunc<string, string>(FailTwiceThenSucceed, (_, key) =>
        {
            var attempt = Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            return attempt <= 2
                ? throw new InvalidOperationException($"Attempt {attempt} of {key} fails on purpose.")
                : $"succeeded on attempt {attempt}";
        });
        registry.AddActivityFunc<string, string>(PassGate, async (_, key) =>
        {
            await Gates.PassAsync(key);
            return key;
        });
    }
}

/// <summary>
/// Lets a test hold an orchestration inside an activity until the test has done something (raised an event), so
/// "the event was raised before the orchestration waited for it" is a fact, not a timing hope.
/// </summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, Gate> All = new();

    public static Gate Open(string key) => All.GetOrAdd(key, _ => new Gate());

    internal static Task PassAsync(string key) => Open(key).PassAsync();

    public sealed class Gate
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        internal async Task PassAsync()
        {
            _entered.TrySetResult();
            // Bounded: a test that failed before releasing must not hold an activity slot forever.
            await _released.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
    }
}
