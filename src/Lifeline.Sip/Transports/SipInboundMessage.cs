namespace Lifeline.Sip.Transports;

/// <summary>
/// One SIP message as received: raw bytes plus where they came from. Nothing is parsed here.
/// </summary>
/// <remarks>
/// <see cref="Data"/> points into the transport's receive buffer and is valid only during the
/// <see cref="ISipMessageHandler.OnMessage"/> call: the handler parses or copies what it keeps before
/// returning. The <see cref="System.Net.IPEndPoint"/> instances inside <see cref="Remote"/> and
/// <see cref="Local"/> are shared by later messages from the same address; treat them as read-only.
/// </remarks>
public readonly struct SipInboundMessage
{
    public SipInboundMessage(ReadOnlyMemory<byte> data, SipEndPoint remote, SipEndPoint local, SipConnectionId connection, long timestamp, ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Data = data;
        Remote = remote;
        Local = local;
        Connection = connection;
        Timestamp = timestamp;
        Transport = transport;
    }

    /// <summary>The whole message (start line, headers, body); for TCP exactly one framed message.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The peer's protocol, address and port (for TCP, the connection's far end).</summary>
    public SipEndPoint Remote { get; }

    /// <summary>The local address the message arrived on: the bound address for UDP, the connection's local end for TCP.</summary>
    public SipEndPoint Local { get; }

    public SipTransportProtocol Protocol => Local.Protocol;

    /// <summary>For TCP, the connection to answer on (RFC 3261 section 18.2.2); <see cref="SipConnectionId.None"/> for UDP.</summary>
    public SipConnectionId Connection { get; }

    /// <summary>When the bytes were read, as a <see cref="TimeProvider.GetTimestamp"/> value of the transport's clock.</summary>
    public long Timestamp { get; }

    /// <summary>The transport that received the message, to reply through.</summary>
    public ISipTransport Transport { get; }
}
