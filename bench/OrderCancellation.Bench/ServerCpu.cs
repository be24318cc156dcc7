namespace OrderCancellation.Bench;

/// <summary>
/// CPU time used so far by one PostgreSQL server: its postmaster (the first line of <c>postmaster.pid</c> in its data
/// directory) and the postmaster's children (Linux <c>/proc/[pid]/stat</c>: user and system time, plus the time of
/// children already reaped, which the postmaster adds to its own). Other PostgreSQL servers on the machine (other
/// engineers' test runs) are not counted. Null where <c>/proc</c> does not exist.
/// </summary>
internal readonly record struct ServerCpu(TimeSpan User, TimeSpan Kernel)
{
    // USER_HZ: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK) is not exposed to managed code).
    private const double TicksPerSecond = 100;

    /// <summary>The postmaster whose CPU <see cref="Now"/> reads; null: no PostgreSQL server is measured.</summary>
    public static int? Postmaster { get; set; }

    public TimeSpan Total => User + Kernel;

    public static ServerCpu? Now()
    {
        if (Postmaster is not { } postmaster || !Directory.Exists("/proc/self"))
        {
            return null;
        }

        long user = 0, kernel = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Read(Path.Combine(directory, "stat")) is not { } stat)
            {
                continue;
            }

            // "pid (comm) state ppid …": the name may hold spaces, so fields are counted after its closing parenthesis.
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], System.Globalization.CultureInfo.InvariantCulture); // man proc: field 3 is state
            if (pid != postmaster && Field(4) != postmaster)
            {
                continue;
            }

            user += Field(14) + Field(16);
            kernel += Field(15) + Field(17);
        }

        return new ServerCpu(TimeSpan.FromSeconds(user / TicksPerSecond), TimeSpan.FromSeconds(kernel / TicksPerSecond));
    }

    /// <summary>The postmaster's pid from a data directory's <c>postmaster.pid</c>.</summary>
    public static int? PostmasterOf(string dataDirectory) =>
        Read(Path.Combine(dataDirectory, "postmaster.pid")) is { } text && int.TryParse(text.Split('\n')[0].Trim(), out var pid) ? pid : null;

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
