namespace Lifeline.Sip.Transports;

/// <summary>
/// Names one connection of a connection-oriented transport, so a response can go back on the
/// connection its request arrived on (RFC 3261 section 18.2.2). <see cref="None"/> for UDP.
/// Ids are unique within the process and never reused.
/// </summary>
public readonly record struct SipConnectionId(long Value)
{
    /// <summary>No connection: the message is sent to an address, on a new or reused connection.</summary>
    public static SipConnectionId None => default;

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => Value == 0;

    public override string ToString() => IsNone ? "none" : "conn#" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
