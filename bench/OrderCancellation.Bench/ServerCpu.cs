namespace OrderCancellation.Bench;

/// <summary>
/// CPU time used so far by the machine's PostgreSQL server processes (Linux <c>/proc/[pid]/stat</c> of every process
/// named <c>postgres</c>: user and system time, plus the time of children already reaped, which the postmaster adds to
/// its own), so a feed's server-side cost can be reported next to the app's. Null where <c>/proc</c> does not exist.
/// </summary>
internal readonly record struct ServerCpu(TimeSpan User, TimeSpan Kernel)
{
    // USER_HZ: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK) is not exposed to managed code).
    private const double TicksPerSecond = 100;

    public TimeSpan Total => User + Kernel;

    public static ServerCpu? Now()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }

        long user = 0, kernel = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _) || Read(Path.Combine(directory, "stat")) is not { } stat)
            {
                continue;
            }

            // "pid (comm) state ppid …": the name may hold spaces, so fields are counted after its closing parenthesis.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != "postgres")
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], System.Globalization.CultureInfo.InvariantCulture); // man proc: field 3 is state
            user += Field(14) + Field(16);
            kernel += Field(15) + Field(17);
        }

        return new ServerCpu(TimeSpan.FromSeconds(user / TicksPerSecond), TimeSpan.FromSeconds(kernel / TicksPerSecond));
    }

    public static ServerCpu? operator -(ServerCpu? after, ServerCpu? before) =>
        after is { } a && before is { } b ? new ServerCpu(a.User - b.User, a.Kernel - b.Kernel) : null;

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
