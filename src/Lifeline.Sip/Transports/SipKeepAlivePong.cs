namespace Lifeline.Sip.Transports;

/// <summary>
/// An RFC 5626 pong (a single CRLF) that answered a ping this transport sent on a connection.
/// A prober measures the keepalive's round trip with
/// <c>timeProvider.GetElapsedTime(pingTimestamp, pong.Timestamp)</c>.
/// </summary>
public readonly struct SipKeepAlivePong
{
    public SipKeepAlivePong(SipEndPoint remote, SipConnectionId connection, long timestamp)
    {
        Remote = remote;
        Connection = connection;
        Timestamp = timestamp;
    }

    public SipEndPoint Remote { get; }

    public SipConnectionId Connection { get; }

    /// <summary>When the pong was read, as a <see cref="TimeProvider.GetTimestamp"/> value of the transport's clock.</summary>
    public long Timestamp { get; }
}
