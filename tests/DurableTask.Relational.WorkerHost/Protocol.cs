namespace DurableTask.Relational.WorkerHost;

/// <summary>Lines the tests read. Console.Out is synchronized, so whole lines never interleave.</summary>
internal static class Protocol
{
    public static void Write(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
