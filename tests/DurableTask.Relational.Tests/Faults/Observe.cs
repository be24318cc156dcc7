namespace DurableTask.Relational.Tests.Faults;

/// <summary>Every wait of the fault tests is an observed condition with a generous deadline; nothing sleeps in the
/// hope that something happened, and no latency is asserted.</summary>
internal static class Observe
{
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {within}: {await describe()}");
            }

            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan within, Func<string> describe) =>
        UntilAsync(() => Task.FromResult(condition()), within, () => Task.FromResult(describe()));
}
