using System.Text;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

/// <summary>
/// A read-only stream that makes its content on demand from a header, a line per record and a footer,
/// so a feed of any size exists only as far as it has been read. <see cref="BytesProduced"/> says how far.
/// </summary>
internal sealed class GeneratedFeedStream(string header, long records, Func<long, string> record, string footer) : Stream
{
    private byte[] _pending = Encoding.UTF8.GetBytes(header);
    private int _offset;
    private long _next = 1;
    private bool _footerDone;

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesProduced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_offset == _pending.Length && !Refill())
            {
                break;
            }

            var n = Math.Min(buffer.Length - written, _pending.Length - _offset);
            _pending.AsSpan(_offset, n).CopyTo(buffer[written..]);
            _offset += n;
            written += n;
        }

        BytesProduced += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    private bool Refill()
    {
        _offset = 0;
        if (_next <= records)
        {
            _pending = Encoding.UTF8.GetBytes(record(_next++));
            return true;
        }

        if (!_footerDone)
        {
            _footerDone = true;
            _pending = Encoding.UTF8.GetBytes(footer);
            return _pending.Length > 0;
        }

        _pending = [];
        return false;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
