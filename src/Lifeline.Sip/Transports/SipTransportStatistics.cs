namespace Lifeline.Sip.Transports;

/// <summary>A snapshot of a transport's counters (totals since it was opened, except <see cref="ActiveConnections"/>).</summary>
public readonly record struct SipTransportStatistics
{
    /// <summary>Messages handed to the handler (datagrams for UDP, framed messages for TCP).</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Messages sent successfully (keepalives excluded).</summary>
    public long MessagesSent { get; init; }

    /// <summary>Bytes read from sockets, keepalives included.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Bytes written to sockets, keepalives included.</summary>
    public long BytesSent { get; init; }

    /// <summary>Sends that ended with another status than <see cref="SipSendStatus.Sent"/> or <see cref="SipSendStatus.Cancelled"/>.</summary>
    public long SendFailures { get; init; }

    /// <summary>UDP datagrams larger than the maximum message size, dropped.</summary>
    public long OversizedDropped { get; init; }

    /// <summary>Keepalives received: CRLF-only UDP datagrams, TCP pings, stray CRLFs between TCP messages.</summary>
    public long KeepAlivesReceived { get; init; }

    /// <summary>Pings sent with <see cref="ISipSender.SendKeepAliveAsync"/>.</summary>
    public long PingsSent { get; init; }

    /// <summary>Pongs sent in answer to TCP pings.</summary>
    public long PongsSent { get; init; }

    /// <summary>Pongs that answered our pings.</summary>
    public long PongsReceived { get; init; }

    /// <summary>TCP connections closed because their bytes were not SIP framing.</summary>
    public long FramingErrors { get; init; }

    /// <summary>TCP connections closed because they buffered more than the cap.</summary>
    public long BufferOverflows { get; init; }

    /// <summary>Inbound TCP connections accepted.</summary>
    public long ConnectionsAccepted { get; init; }

    /// <summary>Outbound TCP connections established.</summary>
    public long ConnectionsConnected { get; init; }

    /// <summary>Open TCP connections that closed, for any reason.</summary>
    public long ConnectionsClosed { get; init; }

    /// <summary>Inbound TCP connections closed at once because the connection cap was reached.</summary>
    public long ConnectionsRefused { get; init; }

    /// <summary>TCP connections closed by the idle timeout.</summary>
    public long IdleTimeouts { get; init; }

    /// <summary>Outbound TCP connections that could not be established.</summary>
    public long ConnectFailures { get; init; }

    /// <summary>Exceptions thrown by the message handler (caught; the transport went on).</summary>
    public long HandlerExceptions { get; init; }

    /// <summary>Socket errors in receive and accept loops, such as ICMP port-unreachable resets (survived).</summary>
    public long ReceiveErrors { get; init; }

    /// <summary>TCP connections open now.</summary>
    public long ActiveConnections { get; init; }

    public static SipTransportStatistics operator +(SipTransportStatistics a, SipTransportStatistics b) => new()
    {
        MessagesReceived = a.MessagesReceived + b.MessagesReceived,
        MessagesSent = a.MessagesSent + b.MessagesSent,
        BytesReceived = a.BytesReceived + b.BytesReceived,
        BytesSent = a.BytesSent + b.BytesSent,
        SendFailures = a.SendFailures + b.SendFailures,
        OversizedDropped = a.OversizedDropped + b.OversizedDropped,
        KeepAlivesReceived = a.KeepAlivesReceived + b.KeepAlivesReceived,
        PingsSent = a.PingsSent + b.PingsSent,
        PongsSent = a.PongsSent + b.PongsSent,
        PongsReceived = a.PongsReceived + b.PongsReceived,
        FramingErrors = a.FramingErrors + b.FramingErrors,
        BufferOverflows = a.BufferOverflows + b.BufferOverflows,
        ConnectionsAccepted = a.ConnectionsAccepted + b.ConnectionsAccepted,
        ConnectionsConnected = a.ConnectionsConnected + b.ConnectionsConnected,
        ConnectionsClosed = a.ConnectionsClosed + b.ConnectionsClosed,
        ConnectionsRefused = a.ConnectionsRefused + b.ConnectionsRefused,
        IdleTimeouts = a.IdleTimeouts + b.IdleTimeouts,
        ConnectFailures = a.ConnectFailures + b.ConnectFailures,
        HandlerExceptions = a.HandlerExceptions + b.HandlerExceptions,
        ReceiveErrors = a.ReceiveErrors + b.ReceiveErrors,
        ActiveConnections = a.ActiveConnections + b.ActiveConnections,
    };

    public static SipTransportStatistics Add(SipTransportStatistics left, SipTransportStatistics right) => left + right;
}
