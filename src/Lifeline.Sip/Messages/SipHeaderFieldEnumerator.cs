namespace Lifeline.Sip.Messages;

/// <summary>Enumerates the header lines of a message that have one name, in message order.</summary>
public struct SipHeaderFieldEnumerator
{
    private readonly SipMessage _message;
    private readonly SipHeaderMatcher _matcher;
    private readonly bool _all;
    private int _index;

    internal SipHeaderFieldEnumerator(SipMessage message, SipHeaderMatcher matcher, bool all)
    {
        _message = message;
        _matcher = matcher;
        _all = all;
        _index = -1;
        Current = default;
    }

    /// <summary>The current line.</summary>
    public SipHeaderField Current { get; private set; }

    /// <summary>Moves to the next matching line.</summary>
    public bool MoveNext()
    {
        var span = _message.Buffer.Span;
        while (++_index < _message.HeaderCount)
        {
            ref readonly var entry = ref _message.EntryAt(_index);
            if (_all || _matcher.Matches(span, entry))
            {
                Current = new SipHeaderField(_message.Buffer, entry, _index);
                return true;
            }
        }

        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipHeaderFieldEnumerator GetEnumerator() => this;
}
