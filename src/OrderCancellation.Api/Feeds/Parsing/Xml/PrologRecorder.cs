using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>
/// Passes a feed document through to the <see cref="System.Xml.XmlReader"/> and keeps a copy of its first bytes. The
/// reader refuses a DTD with the same exception type as any other error and no position, so when it fails before the
/// root element this copy tells a document type declaration (<c>&lt;!DOCTYPE</c>, which may only stand in the prolog)
/// apart from a document that is not XML, and the seller gets the reason that fits.
/// </summary>
internal sealed class PrologRecorder(Stream inner) : Stream
{
    private const int Capacity = 16 * 1024;

    private readonly byte[] _prolog = new byte[Capacity];
    private int _recorded;

    /// <summary>Whether the recorded start of the document holds a document type declaration (UTF-8, UTF-16 or any ASCII-compatible encoding).</summary>
    public bool SawDocumentType()
    {
        var bytes = _prolog.AsSpan(0, _recorded);
        return Contains(Encoding.UTF8.GetString(bytes)) || Contains(Encoding.Unicode.GetString(bytes)) || Contains(Encoding.BigEndianUnicode.GetString(bytes));

        static bool Contains(string text) => text.Contains("<!DOCTYPE", StringComparison.Ordinal);
    }

    /// <summary>Whether the whole document was read and is blank (nothing, whitespace, a byte-order mark).</summary>
    public bool WasBlank() =>
        _recorded < Capacity && Encoding.UTF8.GetString(_prolog.AsSpan(0, _recorded)).Trim('\uFEFF', ' ', '\t', '\r', '\n').Length == 0;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Record(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Record(buffer.AsSpan(offset, read));
        return read;
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        var take = Math.Min(bytes.Length, Capacity - _recorded);
        bytes[..take].CopyTo(_prolog.AsSpan(_recorded));
        _recorded += take;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
