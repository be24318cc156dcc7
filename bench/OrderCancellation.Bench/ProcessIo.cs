namespace OrderCancellation.Bench;

/// <summary>
/// The bytes this process passed to write and read system calls so far (Linux <c>/proc/self/io</c>: <c>wchar</c>,
/// <c>rchar</c>), page cache hits included: what SQLite copies into and out of its WAL and database files. Null
/// where the file does not exist.
/// </summary>
internal readonly record struct ProcessIo(long Written, long Read)
{
    public static ProcessIo? Now()
    {
        const string path = "/proc/self/io";
        if (!File.Exists(path))
        {
            return null;
        }

        long written = 0, read = 0;
        foreach (var line in File.ReadLines(path))
        {
            var (name, value) = (line.Split(':')[0], line.Split(':')[^1].Trim());
            if (name == "wchar")
            {
                written = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == "rchar")
            {
                read = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new ProcessIo(written, read);
    }

    public static ProcessIo? operator -(ProcessIo? after, ProcessIo? before) =>
        after is { } a && before is { } b ? new ProcessIo(a.Written - b.Written, a.Read - b.Read) : null;
}
