using System.Globalization;

namespace DurableTask.Relational.WorkerHost;

/// <summary>The command line: database, connection string, worker id, lock timeout (<c>c</c> format, e.g.
/// <c>00:00:02</c>) and, optionally, the gate file that held tasks wait for.</summary>
public sealed record WorkerArgs(string Database, string ConnectionString, string WorkerId, TimeSpan LockTimeout, string? GateFile)
{
    public static WorkerArgs Parse(string[] args)
    {
        if (args.Length is < 4 or > 5 || args[0] is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("usage: WorkerHost <sqlite|postgres> <connection string> <worker id> <lock timeout> [gate file]");
        }

        return new WorkerArgs(args[0], args[1], args[2], TimeSpan.ParseExact(args[3], "c", CultureInfo.InvariantCulture), args.Length == 5 ? args[4] : null);
    }
}
