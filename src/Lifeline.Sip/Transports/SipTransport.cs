using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>Opens SIP transports.</summary>
public static class SipTransport
{
    /// <summary>
    /// Binds a UDP socket or a TCP listener to <paramref name="listen"/> and starts receiving; every message
    /// goes to <paramref name="handler"/>. Failure to listen (address in use, bad options) is a result, not an exception.
    /// </summary>
    /// <param name="listen">Protocol and local address; port 0 picks a free port (see <see cref="ISipTransport.LocalEndPoint"/>).</param>
    /// <param name="handler">Receives messages, pongs, connection closes and faults.</param>
    /// <param name="options">Limits and timers; <see cref="SipTransportOptions.Default"/> when null.</param>
    /// <param name="timeProvider">The clock for idle timeouts, connect timeouts and timestamps; the system clock when null.</param>
    public static SipTransportOpenResult Open(SipEndPoint listen, ISipMessageHandler handler, SipTransportOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= SipTransportOptions.Default;
        timeProvider ??= TimeProvider.System;
        if (listen.IsEmpty)
        {
            return SipTransportOpenResult.Failure(SocketError.InvalidArgument, "no listen address");
        }

        var invalid = options.Validate();
        if (invalid is not null)
        {
            return SipTransportOpenResult.Failure(SocketError.InvalidArgument, invalid);
        }

        return listen.Protocol == SipTransportProtocol.Udp
            ? SipUdpTransport.Open(listen.EndPoint, handler, options, timeProvider)
            : SipTcpTransport.Open(listen.EndPoint, handler, options, timeProvider);
    }
}
