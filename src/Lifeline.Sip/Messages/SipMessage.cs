using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// A parsed SIP request or response: the start line, every header line in its original order
/// and bytes, and the body. Parsing indexes the header lines (name, value, known-header id) in
/// one pass; values are parsed only when a typed accessor reads them.
/// </summary>
/// <remarks>
/// The message keeps a reference to the buffer it was parsed from and never copies it: the
/// buffer must not be reused while the message is in use. Instances are immutable and safe to
/// read from several threads. Create them with <see cref="SipParser"/> or
/// <c>Writing.SipMessageBuilder</c>.
/// </remarks>
public sealed partial class SipMessage
{
    private SipHeaderInlineBuffer _inline;
    private SipHeaderEntry[]? _overflow;
    private SipHeaderFirstIndex _first;
    private int _headerCount;

    internal SipMessage(ReadOnlyMemory<byte> buffer) => Buffer = buffer;

    /// <summary>The buffer the message was parsed from (it may hold bytes beyond the message).</summary>
    internal ReadOnlyMemory<byte> Buffer { get; }

    /// <summary>Offset of the start line in <see cref="Buffer"/> (leading CR LFs are skipped).</summary>
    internal int Start { get; set; }

    /// <summary>Offset just past the body: where the message ends in <see cref="Buffer"/>.</summary>
    internal int End { get; set; }

    /// <summary>Offset of the CR (or bare LF) ending the start line.</summary>
    internal int StartLineContentEnd { get; set; }

    /// <summary>Offset of the first header line.</summary>
    internal int HeadersStart { get; set; }

    /// <summary>Offset of the empty line that ends the header section.</summary>
    internal int HeadersEnd { get; set; }

    internal int BodyStart { get; set; }

    internal int Part1Start { get; set; }

    internal int Part1Length { get; set; }

    internal int Part2Start { get; set; }

    internal int Part2Length { get; set; }

    internal int Part3Start { get; set; }

    internal int Part3Length { get; set; }

    /// <summary>Content-Length as declared, or -1 when there was none.</summary>
    internal int DeclaredContentLength { get; set; } = -1;

    /// <summary>True for a request, false for a response.</summary>
    public bool IsRequest { get; internal set; }

    /// <summary>True for a response.</summary>
    public bool IsResponse => !IsRequest;

    /// <summary>The request method (default for responses).</summary>
    public SipMethod Method { get; internal set; }

    /// <summary>The status code of a response (0 for requests).</summary>
    public int StatusCode { get; internal set; }

    /// <summary>True when the SIP-Version is exactly <c>SIP/2.0</c>.</summary>
    public bool IsSipVersion20 { get; internal set; }

    /// <summary>The message bytes, from the start line to the end of the body.</summary>
    public ReadOnlyMemory<byte> Bytes => Buffer[Start..End];

    /// <summary>Length of the message in bytes (start line to end of body).</summary>
    public int Length => End - Start;

    /// <summary>
    /// Number of bytes of the input buffer this message used, including CR LFs skipped before
    /// the start line. Octets after this (a second message in a datagram) are not part of it.
    /// </summary>
    public int ConsumedLength => End;

    /// <summary>The Request-URI exactly as written (empty for responses).</summary>
    public SipText RequestUri => IsRequest ? new SipText(Buffer.Slice(Part2Start, Part2Length)) : default;

    /// <summary>The SIP-Version as written, e.g. <c>SIP/2.0</c>.</summary>
    public SipText Version => IsRequest ? new SipText(Buffer.Slice(Part3Start, Part3Length)) : new SipText(Buffer.Slice(Part1Start, Part1Length));

    /// <summary>The reason phrase as written (empty for requests).</summary>
    public SipText ReasonPhrase => IsRequest ? default : new SipText(Buffer.Slice(Part3Start, Part3Length));

    /// <summary>The start line, without its line ending.</summary>
    public SipText StartLine => new(Buffer[Start..StartLineContentEnd]);

    /// <summary>The body (empty when there is none).</summary>
    public ReadOnlyMemory<byte> Body => Buffer[BodyStart..End];

    /// <summary>Number of header lines.</summary>
    public int HeaderCount => _headerCount;

    /// <summary>All header lines, in order.</summary>
    public SipHeaderFieldEnumerator Headers => new(this, default, all: true);

    /// <summary>The header line at a position (0-based, message order).</summary>
    public SipHeaderField GetHeader(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _headerCount);
        return new SipHeaderField(Buffer, EntryAt(index), index);
    }

    /// <summary>True when at least one line of this header is present.</summary>
    public bool Contains(SipHeaderId id) => id != SipHeaderId.Unknown && FirstIndexOf(id) >= 0;

    /// <summary>True when a header of this name (any case, compact form or long) is present.</summary>
    public bool Contains(string name) => TryGetHeader(name, out _);

    /// <summary>The first line of a known header.</summary>
    public bool TryGetHeader(SipHeaderId id, out SipHeaderField header)
    {
        var index = id == SipHeaderId.Unknown ? -1 : FirstIndexOf(id);
        if (index < 0)
        {
            header = default;
            return false;
        }

        header = new SipHeaderField(Buffer, EntryAt(index), index);
        return true;
    }

    /// <summary>The first line of a header given by name (case-insensitive, compact forms understood).</summary>
    public bool TryGetHeader(string name, out SipHeaderField header)
    {
        foreach (var field in GetHeaders(name))
        {
            header = field;
            return true;
        }

        header = default;
        return false;
    }

    /// <summary>Number of lines of a known header.</summary>
    public int CountHeaders(SipHeaderId id)
    {
        var count = 0;
        for (var i = FirstIndexOf(id); i >= 0 && i < _headerCount; i++)
        {
            if (EntryAt(i).Id == id)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Every line of a known header, in order.</summary>
    public SipHeaderFieldEnumerator GetHeaders(SipHeaderId id) => new(this, new SipHeaderMatcher(id), all: false);

    /// <summary>Every line of a header given by name, in order.</summary>
    public SipHeaderFieldEnumerator GetHeaders(string name) => new(this, new SipHeaderMatcher(name), all: false);

    /// <summary>
    /// Every value of a known header across its lines; list headers are split at commas.
    /// </summary>
    public SipHeaderValueEnumerator GetValues(SipHeaderId id) => new(this, new SipHeaderMatcher(id), SipHeaderNames.IsList(id));

    /// <summary>
    /// Every value of a header given by name. Known list headers are split at commas;
    /// extension headers are split only when <paramref name="splitCommas"/> is true, since the
    /// library cannot know their grammar.
    /// </summary>
    public SipHeaderValueEnumerator GetValues(string name, bool splitCommas = false)
    {
        var matcher = new SipHeaderMatcher(name);
        return new(this, matcher, splitCommas || SipHeaderNames.IsList(matcher.Id));
    }

    /// <summary>The value of the first line of a header, unfolded, or null when absent.</summary>
    public string? GetHeaderValue(string name) => TryGetHeader(name, out var header) ? header.GetValue() : null;

    /// <summary>The first-line value of a known header, unfolded, or null when absent.</summary>
    public string? GetHeaderValue(SipHeaderId id) => TryGetHeader(id, out var header) ? header.GetValue() : null;

    /// <summary>The whole message decoded as UTF-8 (for logs and tests; allocates).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Bytes.Span);

    internal ref readonly SipHeaderEntry EntryAt(int index)
    {
        if (index < SipHeaderInlineBuffer.Capacity)
        {
            return ref _inline[index];
        }

        return ref _overflow![index - SipHeaderInlineBuffer.Capacity];
    }

    internal int FirstIndexOf(SipHeaderId id) => _first[(int)id] - 1;

    internal void SetHeadersEnd(int offset) => HeadersEnd = offset;

    internal void AddHeader(in SipHeaderEntry entry)
    {
        var index = _headerCount;
        if (index < SipHeaderInlineBuffer.Capacity)
        {
            _inline[index] = entry;
        }
        else
        {
            var overflowIndex = index - SipHeaderInlineBuffer.Capacity;
            if (_overflow is null || overflowIndex == _overflow.Length)
            {
                var grown = new SipHeaderEntry[Math.Max(16, (_overflow?.Length ?? 0) * 2)];
                _overflow?.CopyTo(grown, 0);
                _overflow = grown;
            }

            _overflow[overflowIndex] = entry;
        }

        if (entry.Id != SipHeaderId.Unknown && _first[(int)entry.Id] == 0)
        {
            _first[(int)entry.Id] = (short)(index + 1);
        }

        _headerCount = index + 1;
    }
}
