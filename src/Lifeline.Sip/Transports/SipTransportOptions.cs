namespace Lifeline.Sip.Transports;

/// <summary>Limits and timers of the SIP transports. The defaults suit a call center proxy.</summary>
public sealed record SipTransportOptions
{
    public static SipTransportOptions Default { get; } = new();

    /// <summary>
    /// Largest message accepted or sent, in bytes: a UDP datagram, or a TCP message's header block plus body.
    /// Larger datagrams are dropped and counted; a larger TCP message is a framing error that closes the connection.
    /// </summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>SO_RCVBUF asked for on UDP sockets, so bursts survive a busy moment (the OS may cap it, e.g. net.core.rmem_max on Linux).</summary>
    public int UdpReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Concurrent receive loops per UDP socket: one can run the handler while the other waits for the next datagram.</summary>
    public int UdpReceiveLoops { get; init; } = 2;

    /// <summary>
    /// Cap on open TCP connections per transport, inbound and outbound together. Inbound connections over the cap
    /// are closed at once and counted; connections this transport opens itself are never refused (they go to
    /// peers it chose), but they count toward the cap.
    /// </summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Cap on un-framed bytes buffered for one TCP connection; a connection over it is closed and counted.</summary>
    public int MaxBufferedBytes { get; init; } = 64 * 1024 + 65_535;

    /// <summary>
    /// A TCP connection with nothing sent or received for longer than this is closed. RFC 5626 keepalives
    /// (every 95 to 120 s) and OPTIONS probes keep wanted connections alive. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long opening a TCP connection may take before the send fails with <see cref="SipSendStatus.TimedOut"/>.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Backlog of the TCP listen socket.</summary>
    public int ListenBacklog { get; init; } = 512;

    /// <summary>At most one <see cref="ISipMessageHandler.OnFault"/> call per fault kind per interval.</summary>
    public TimeSpan FaultReportInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Null when the options are usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (MaxMessageSize is < 256 or > 65_535)
        {
            return $"MaxMessageSize must be from 256 to 65535 bytes, not {MaxMessageSize}";
        }

        if (UdpReceiveBufferSize < 0)
        {
            return "UdpReceiveBufferSize must not be negative";
        }

        if (UdpReceiveLoops is < 1 or > 64)
        {
            return $"UdpReceiveLoops must be from 1 to 64, not {UdpReceiveLoops}";
        }

        if (MaxConnections < 1)
        {
            return "MaxConnections must be at least 1";
        }

        if (MaxBufferedBytes is < 256 or > 16 * 1024 * 1024)
        {
            return $"MaxBufferedBytes must be from 256 bytes to 16 MiB, not {MaxBufferedBytes}";
        }

        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            return "IdleTimeout must be positive (or infinite)";
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            return "ConnectTimeout must be positive";
        }

        if (ListenBacklog < 1)
        {
            return "ListenBacklog must be at least 1";
        }

        return FaultReportInterval < TimeSpan.Zero ? "FaultReportInterval must not be negative" : null;
    }
}
