using OrderCancellation.Durable.Runtime;

namespace OrderCancellation.Durable.Tests.Runtime;

public sealed class ActivityIdsTests
{
    [Fact]
    public void An_activity_id_is_a_version_7_uuid_stamped_with_the_current_millisecond()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = ActivityIds.New();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var guid = Guid.ParseExact(id, "N");
        var bytes = guid.ToByteArray(bigEndian: true);
        var stamp = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal((7, 0b10), (guid.Version, bytes[8] >> 6));
        Assert.InRange(stamp, before, after);
    }

    [Fact]
    public void Activity_ids_drawn_at_once_on_many_threads_are_all_distinct()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                ids.Add(ActivityIds.New());
            }
        });

        Assert.Equal(200_000, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
