using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>The outcome of a send: a status, the socket error behind a failure, and the connection used.</summary>
public readonly struct SipSendResult
{
    public SipSendResult(SipSendStatus status, SipConnectionId connection = default, SocketError socketError = SocketError.Success)
    {
        Status = status;
        Connection = connection;
        SocketError = socketError;
    }

    public SipSendStatus Status { get; }

    /// <summary>For TCP, the connection the message went out on (also on some failures); <see cref="SipConnectionId.None"/> for UDP.</summary>
    public SipConnectionId Connection { get; }

    /// <summary>The operating system's error when a socket call failed, else <see cref="SocketError.Success"/>.</summary>
    public SocketError SocketError { get; }

    public bool IsSent => Status == SipSendStatus.Sent;

    public override string ToString() =>
        SocketError == SocketError.Success ? Status.ToString() : Status + " (" + SocketError + ")";
}
