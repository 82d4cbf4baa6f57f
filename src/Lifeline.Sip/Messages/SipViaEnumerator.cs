namespace Lifeline.Sip.Messages;

/// <summary>
/// Enumerates every Via value of a message, top first, across lines and commas. Stops at a
/// malformed value and sets <see cref="IsMalformed"/>.
/// </summary>
public struct SipViaEnumerator
{
    private SipHeaderValueEnumerator _values;

    internal SipViaEnumerator(SipHeaderValueEnumerator values)
    {
        _values = values;
        Current = default;
        IsMalformed = false;
    }

    /// <summary>The current Via.</summary>
    public SipVia Current { get; private set; }

    /// <summary>True when enumeration stopped at a value that is not a valid Via.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next Via.</summary>
    public bool MoveNext()
    {
        if (!_values.MoveNext())
        {
            return false;
        }

        if (SipVia.TryParse(_values.Current.Memory, out var via))
        {
            Current = via;
            return true;
        }

        IsMalformed = true;
        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipViaEnumerator GetEnumerator() => this;
}
