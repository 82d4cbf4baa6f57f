using System.Buffers;
using System.Text;

namespace Lifeline.Sip.Transports;

/// <summary>
/// Finds message boundaries in a SIP byte stream (RFC 3261 section 18.3): the header block ends at the first
/// CRLFCRLF, and Content-Length (or compact <c>l</c>) gives the body's length. CRLFs between messages are
/// RFC 5626 keepalives. It looks only at what framing needs, leaving parsing to the layer above.
/// </summary>
/// <remarks>
/// Stateful, one per connection, so that bytes arriving a few at a time are not rescanned. Contract: each call
/// passes the not-yet-consumed bytes, starting at the same place as the previous call and possibly longer;
/// after any answer other than <see cref="SipFrameKind.NeedMore"/> the caller consumes
/// <see cref="SipFrame.Length"/> bytes (or closes, on an error) and the next call starts afresh.
/// Decisions depend only on the bytes, never on how they were split across calls, and no input throws.
/// </remarks>
internal sealed class SipStreamFramer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Sp = (byte)' ';
    private const byte Ht = (byte)'\t';

    // RFC 3261 token characters: what a method name is made of.
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    private readonly int _maxMessageSize;
    private int _lineScanned;      // bytes of the start line already checked for control characters
    private bool _startLineValid;
    private int _headerScanned;    // bytes already searched for CRLFCRLF
    private int _messageLength = -1;

    public SipStreamFramer(int maxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 16);
        _maxMessageSize = maxMessageSize;
    }

    public int MaxMessageSize => _maxMessageSize;

    /// <summary>Frames the bytes at the start of <paramref name="buffered"/>.</summary>
    /// <param name="buffered">The unconsumed bytes.</param>
    /// <param name="pongExpected">
    /// True when this side has sent a ping that is not yet answered: a lone CRLF at the end of the buffer is
    /// then taken as the pong at once, instead of waiting to see whether it starts a ping.
    /// </param>
    public SipFrame Frame(ReadOnlySpan<byte> buffered, bool pongExpected = false)
    {
        if (buffered.Length < _headerScanned || buffered.Length < _lineScanned)
        {
            Reset(); // not the buffer we were given before
        }

        if (_messageLength >= 0)
        {
            return buffered.Length >= _messageLength ? Done(SipFrame.Message(_messageLength)) : SipFrame.NeedMore;
        }

        if (buffered.IsEmpty)
        {
            return SipFrame.NeedMore;
        }

        var first = buffered[0];
        if (first is Cr or Lf)
        {
            return FrameKeepAlive(buffered, pongExpected);
        }

        if (!TokenBytes.Contains(first))
        {
            return Done(SipFrame.Fail(SipFramingError.InvalidStartLine));
        }

        var window = buffered.Length > _maxMessageSize ? buffered[.._maxMessageSize] : buffered;
        if (!_startLineValid)
        {
            var check = CheckStartLine(window);
            if (check.Kind != SipFrameKind.Message)
            {
                return check.Kind == SipFrameKind.Error ? Done(check) : check;
            }
        }

        var from = Math.Max(0, _headerScanned - 3);
        var found = window[from..].IndexOf("\r\n\r\n"u8);
        if (found < 0)
        {
            _headerScanned = window.Length;
            return window.Length >= _maxMessageSize ? Done(SipFrame.Fail(SipFramingError.HeaderTooLarge)) : SipFrame.NeedMore;
        }

        var headerEnd = from + found + 4;
        var error = ReadContentLength(window[..headerEnd], out var contentLength);
        if (error != SipFramingError.None)
        {
            return Done(SipFrame.Fail(error));
        }

        var total = headerEnd + contentLength;
        if (total > _maxMessageSize)
        {
            return Done(SipFrame.Fail(SipFramingError.MessageTooLarge));
        }

        _messageLength = (int)total;
        return buffered.Length >= total ? Done(SipFrame.Message(_messageLength)) : SipFrame.NeedMore;
    }

    /// <summary>Forgets a partly framed message.</summary>
    public void Reset()
    {
        _lineScanned = 0;
        _startLineValid = false;
        _headerScanned = 0;
        _messageLength = -1;
    }

    /// <summary>
    /// Reads the Content-Length of a header block (start line through the closing CRLFCRLF): the header named
    /// <c>Content-Length</c> or <c>l</c> in any case, whitespace around the colon, the value possibly folded.
    /// </summary>
    internal static SipFramingError ReadContentLength(ReadOnlySpan<byte> headerBlock, out long contentLength)
    {
        contentLength = -1;

        // Drop the blank line's CRLF: what remains is CRLF-terminated lines.
        var lines = headerBlock[..^2];
        var position = lines.IndexOf("\r\n"u8) + 2; // past the start line
        while (position < lines.Length)
        {
            var end = LogicalLineEnd(lines, position);
            var line = lines[position..end];
            position = end + 2;
            if (line.IsEmpty || line[0] is Sp or Ht)
            {
                continue; // a continuation with no header to continue
            }

            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon].TrimEnd(" \t"u8);
            if (!IsContentLengthName(name))
            {
                continue;
            }

            var error = ParseLength(line[(colon + 1)..], out var value);
            if (error != SipFramingError.None)
            {
                return error;
            }

            if (contentLength >= 0 && contentLength != value)
            {
                return SipFramingError.ConflictingContentLength;
            }

            contentLength = value;
        }

        return contentLength < 0 ? SipFramingError.MissingContentLength : SipFramingError.None;
    }

    private SipFrame Done(SipFrame frame)
    {
        Reset();
        return frame;
    }

    private static SipFrame FrameKeepAlive(ReadOnlySpan<byte> buffered, bool pongExpected)
    {
        if (buffered[0] != Cr)
        {
            return SipFrame.Fail(SipFramingError.InvalidKeepAlive);
        }

        if (buffered.Length < 2)
        {
            return SipFrame.NeedMore;
        }

        if (buffered[1] != Lf)
        {
            return SipFrame.Fail(SipFramingError.InvalidKeepAlive);
        }

        if (buffered.Length >= 4 && buffered[2] == Cr && buffered[3] == Lf)
        {
            return SipFrame.Ping;
        }

        if (pongExpected)
        {
            return SipFrame.Pong;
        }

        // A CRLF that may be the first half of a ping waits for the next bytes.
        if (buffered.Length == 2 || (buffered[2] == Cr && buffered.Length == 3))
        {
            return SipFrame.NeedMore;
        }

        return SipFrame.Pong;
    }

    // Answers Message when the start line is complete and valid, NeedMore while it is incomplete but
    // plausible, or an error. Control characters are caught as they arrive, so garbage is refused early.
    private SipFrame CheckStartLine(ReadOnlySpan<byte> window)
    {
        var from = Math.Max(0, _lineScanned - 1);
        var pending = window[from..];
        var crlf = pending.IndexOf("\r\n"u8);
        var text = crlf < 0 ? pending : pending[..crlf];
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            // A CR is fine only as the last byte so far, where an LF may still follow it.
            if ((b < 0x20 && b is not Ht and not Cr) || b == 0x7F || (b == Cr && (crlf >= 0 || i + 1 < text.Length)))
            {
                return SipFrame.Fail(SipFramingError.InvalidStartLine);
            }
        }

        if (crlf < 0)
        {
            _lineScanned = window.Length;
            return window.Length >= _maxMessageSize ? SipFrame.Fail(SipFramingError.HeaderTooLarge) : SipFrame.NeedMore;
        }

        if (!IsValidStartLine(window[..(from + crlf)]))
        {
            return SipFrame.Fail(SipFramingError.InvalidStartLine);
        }

        _startLineValid = true;
        return SipFrame.Message(0);
    }

    // Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP Status-Code SP Reason-Phrase.
    private static bool IsValidStartLine(ReadOnlySpan<byte> line)
    {
        if (line.Length >= 8 && Ascii.EqualsIgnoreCase(line[..8], "SIP/2.0 "u8))
        {
            var rest = line[8..];
            return rest.Length >= 3
                && rest[0] is >= (byte)'1' and <= (byte)'6'
                && char.IsAsciiDigit((char)rest[1])
                && char.IsAsciiDigit((char)rest[2])
                && (rest.Length == 3 || rest[3] == Sp);
        }

        var firstSpace = line.IndexOf(Sp);
        var lastSpace = line.LastIndexOf(Sp);
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return false;
        }

        var method = line[..firstSpace];
        var uri = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        return method.IndexOfAnyExcept(TokenBytes) < 0
            && !uri.Contains(Sp) && uri.IndexOfAnyInRange((byte)0, (byte)0x20) < 0
            && Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8);
    }

    private static int LogicalLineEnd(ReadOnlySpan<byte> lines, int position)
    {
        while (true)
        {
            // Always found: lines ends with CRLF.
            var crlf = position + lines[position..].IndexOf("\r\n"u8);
            if (crlf + 2 < lines.Length && lines[crlf + 2] is Sp or Ht)
            {
                position = crlf + 2; // folded: the value goes on
                continue;
            }

            return crlf;
        }
    }

    private static bool IsContentLengthName(ReadOnlySpan<byte> name) =>
        (name.Length == 1 && (name[0] | 0x20) == 'l') || Ascii.EqualsIgnoreCase(name, "Content-Length"u8);

    // The value may be surrounded by linear whitespace, folds included (every CRLF left inside a logical line is a fold).
    private static SipFramingError ParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        var i = 0;
        while (i < value.Length && value[i] is Sp or Ht or Cr or Lf)
        {
            i++;
        }

        var digits = 0;
        while (i < value.Length && char.IsAsciiDigit((char)value[i]))
        {
            if (length <= int.MaxValue)
            {
                length = (length * 10) + (value[i] - '0');
            }

            digits++;
            i++;
        }

        while (i < value.Length && value[i] is Sp or Ht or Cr or Lf)
        {
            i++;
        }

        if (digits == 0 || i != value.Length)
        {
            return SipFramingError.InvalidContentLength;
        }

        return length > int.MaxValue ? SipFramingError.MessageTooLarge : SipFramingError.None;
    }
}
