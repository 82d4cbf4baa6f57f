using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>Turns socket errors into send statuses.</summary>
internal static class SipSocketErrors
{
    public static SipSendStatus ToStatus(SocketError error, bool connecting) => error switch
    {
        SocketError.ConnectionRefused => SipSendStatus.ConnectionRefused,
        SocketError.TimedOut => SipSendStatus.TimedOut,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown
            or SocketError.NetworkDown or SocketError.AddressNotAvailable or SocketError.HostNotFound => SipSendStatus.Unreachable,
        SocketError.MessageSize => SipSendStatus.TooLarge,
        SocketError.OperationAborted => SipSendStatus.TransportClosed,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected
            => connecting ? SipSendStatus.ConnectionFailed : SipSendStatus.ConnectionClosed,
        _ => connecting ? SipSendStatus.ConnectionFailed : SipSendStatus.Failed,
    };

    /// <summary>Errors a UDP receive loop sees because of earlier traffic (ICMP unreachable turned into a reset on some platforms), not because the socket broke.</summary>
    public static bool IsTransientDatagramError(SocketError error) => error is SocketError.ConnectionReset
        or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
        or SocketError.MessageSize or SocketError.NetworkReset or SocketError.TimedOut or SocketError.NoBufferSpaceAvailable
        or SocketError.WouldBlock or SocketError.Interrupted or SocketError.TryAgain;
}
