namespace DurableTask.Relational.WorkerHost;

/// <summary>
/// Held tasks wait here until the gate file exists (a worker started without one never holds). The test opens it
/// only after this worker's leases were taken over, so what the worker completes afterwards is stale.
/// </summary>
public sealed class Gate(string? file)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Bounded, so a test that failed before opening the gate does not leave the worker stuck for ever.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>The gate of this worker process (set once at start-up), for orchestrators, which DI does not create.</summary>
    public static Gate OfThisProcess { get; private set; } = new(null);

    private bool Closed => file is not null && !File.Exists(file);

    public async Task WaitAsync(string announcement)
    {
        if (!Closed)
        {
            return;
        }

        Protocol.Write(announcement);
        var until = DateTime.UtcNow + Longest;
        while (Closed && DateTime.UtcNow < until)
        {
            await Task.Delay(Poll);
        }
    }

    public static Gate Configure(string? file) => OfThisProcess = new Gate(file);

    /// <summary>Blocks the calling thread: for orchestrator code, which must finish its episode synchronously.</summary>
    public void Block(string announcement) => WaitAsync(announcement).GetAwaiter().GetResult();
}
