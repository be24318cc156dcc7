namespace OrderCancellation.Api.Feeds.Store;

/// <summary>
/// A read-only stream over a stored document: holds one chunk (≤ <see cref="FeedStore.ChunkSize"/>) at a
/// time and reads the next on demand, so a 10 MB feed is parsed in bounded memory. A missing chunk is a
/// store inconsistency (<see cref="InvalidDataException"/>): the message is retried, then poisoned.
/// </summary>
internal sealed class FeedDocumentStream(FeedStore store, string feedId, long length) : Stream
{
    private byte[] _chunk = [];
    private int _offsetInChunk;
    private int _nextChunk;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _position >= length)
        {
            return 0;
        }

        if (_offsetInChunk >= _chunk.Length)
        {
            _chunk = await store.ReadChunkAsync(feedId, _nextChunk, cancellationToken)
                ?? throw new InvalidDataException($"Feed {feedId}: document chunk {_nextChunk} is missing ({_position} of {length} bytes read).");
            _nextChunk++;
            _offsetInChunk = 0;
            if (_chunk.Length == 0)
            {
                throw new InvalidDataException($"Feed {feedId}: document chunk {_nextChunk - 1} is empty.");
            }
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _offsetInChunk);
        _chunk.AsMemory(_offsetInChunk, count).CopyTo(buffer);
        _offsetInChunk += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
