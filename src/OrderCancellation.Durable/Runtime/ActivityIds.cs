using System.Buffers.Binary;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Outbox ids: the UUIDv7 layout (a millisecond timestamp first, so new rows append to the key's index), with the
/// other 74 bits from <see cref="Random.Shared"/>. <see cref="Guid.CreateVersion7()"/> reads the OS's secure random
/// source, a system call per id (about 1 % of a feed's CPU at 1.75 activities per record); an outbox id needs to be
/// unique, not secret.
/// </summary>
internal static class ActivityIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        time[2..].CopyTo(bytes); // the low 48 bits
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // version 7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString("N");
    }
}
