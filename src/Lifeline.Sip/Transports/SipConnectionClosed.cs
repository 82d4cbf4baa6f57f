namespace Lifeline.Sip.Transports;

/// <summary>An open connection has closed; transactions waiting on it can fail over at once.</summary>
public readonly struct SipConnectionClosed
{
    public SipConnectionClosed(SipConnectionId connection, SipEndPoint remote, SipConnectionCloseReason reason, bool wasInbound)
    {
        Connection = connection;
        Remote = remote;
        Reason = reason;
        WasInbound = wasInbound;
    }

    public SipConnectionId Connection { get; }

    public SipEndPoint Remote { get; }

    public SipConnectionCloseReason Reason { get; }

    /// <summary>True when the peer opened the connection, false when this transport did.</summary>
    public bool WasInbound { get; }
}
