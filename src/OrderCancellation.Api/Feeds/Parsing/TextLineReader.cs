using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <param name="Number">1-based physical line number in the file.</param>
/// <param name="Text">The line without its terminator; null when it was longer than the limit.</param>
internal readonly record struct TextLine(long Number, string? Text)
{
    public bool IsTooLong => Text is null;

    public bool IsBlank => Text is not null && string.IsNullOrWhiteSpace(Text);
}

/// <summary>
/// Reads lines ending in LF, CRLF or CR (like <see cref="TextReader.ReadLine"/>), but never holds more
/// than <c>maxLineLength</c> characters: a longer line is reported as too long and skipped, so a
/// binary or single-line 10 MB document cannot make us buffer it whole.
/// </summary>
internal sealed class TextLineReader(TextReader reader, int maxLineLength)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;
    private long _number;
    private bool _skipLineFeed;
    private bool _end;

    public async ValueTask<TextLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (_end)
        {
            return null;
        }

        _line.Clear();
        var tooLong = false;
        var sawAnything = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
                _position = 0;
                if (_length == 0)
                {
                    _end = true;
                    return sawAnything ? Complete(tooLong) : null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_position] == '\n')
                {
                    _position++;
                    continue;
                }
            }

            sawAnything = true;
            var span = _buffer.AsSpan(_position, _length - _position);
            var end = span.IndexOfAny('\r', '\n');
            var chunk = end < 0 ? span : span[..end];
            if (!tooLong)
            {
                if (_line.Length + chunk.Length > maxLineLength)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(chunk);
                }
            }

            if (end < 0)
            {
                _position = _length;
                continue;
            }

            _skipLineFeed = span[end] == '\r';
            _position += end + 1;
            return Complete(tooLong);
        }
    }

    private TextLine Complete(bool tooLong) => new(++_number, tooLong ? null : _line.ToString());
}
