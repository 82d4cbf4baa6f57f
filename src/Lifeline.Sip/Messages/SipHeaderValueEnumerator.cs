using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// Enumerates the values of one header across all its lines, in order. For list headers
/// (<see cref="SipHeaderNames.IsList"/>) each comma-separated element is one value, so
/// <c>Via: a, b</c> and two lines <c>Via: a</c> / <c>Via: b</c> enumerate alike. Elements are
/// trimmed and may be empty (for malformed lists such as <c>a,,b</c>).
/// </summary>
public struct SipHeaderValueEnumerator
{
    private readonly SipMessage _message;
    private readonly SipHeaderMatcher _matcher;
    private readonly bool _split;
    private int _index;
    private int _lineValueStart;
    private int _lineValueLength;
    private int _position;

    internal SipHeaderValueEnumerator(SipMessage message, SipHeaderMatcher matcher, bool split)
    {
        _message = message;
        _matcher = matcher;
        _split = split;
        _index = -1;
        _lineValueStart = 0;
        _lineValueLength = 0;
        _position = int.MaxValue;
        Current = default;
    }

    /// <summary>The current value.</summary>
    public SipText Current { get; private set; }

    /// <summary>Moves to the next value.</summary>
    public bool MoveNext()
    {
        var buffer = _message.Buffer;
        while (true)
        {
            if (_split && _position <= _lineValueLength)
            {
                var line = buffer.Span.Slice(_lineValueStart, _lineValueLength);
                if (SipList.Next(line, ref _position, out var start, out var length))
                {
                    Current = new SipText(buffer.Slice(_lineValueStart + start, length));
                    return true;
                }
            }

            if (!NextLine(buffer.Span))
            {
                return false;
            }

            if (!_split)
            {
                Current = new SipText(buffer.Slice(_lineValueStart, _lineValueLength));
                return true;
            }
        }
    }

    private bool NextLine(ReadOnlySpan<byte> span)
    {
        while (++_index < _message.HeaderCount)
        {
            ref readonly var entry = ref _message.EntryAt(_index);
            if (_matcher.Matches(span, entry))
            {
                _lineValueStart = entry.ValueStart;
                _lineValueLength = entry.ValueLength;
                _position = 0;
                return true;
            }
        }

        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipHeaderValueEnumerator GetEnumerator() => this;
}
