namespace Lifeline.Sip.Messages;

/// <summary>
/// Enumerates the name-addr values of a list header (Contact, Route, Record-Route, …) across
/// lines and commas. Stops at a malformed value and sets <see cref="IsMalformed"/>.
/// </summary>
public struct SipNameAddrEnumerator
{
    private SipHeaderValueEnumerator _values;

    internal SipNameAddrEnumerator(SipHeaderValueEnumerator values)
    {
        _values = values;
        Current = default;
        IsMalformed = false;
    }

    /// <summary>The current value.</summary>
    public SipNameAddr Current { get; private set; }

    /// <summary>True when enumeration stopped at a value that does not parse.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next value.</summary>
    public bool MoveNext()
    {
        if (!_values.MoveNext())
        {
            return false;
        }

        if (SipNameAddr.TryParse(_values.Current.Memory, out var value))
        {
            Current = value;
            return true;
        }

        IsMalformed = true;
        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipNameAddrEnumerator GetEnumerator() => this;
}
