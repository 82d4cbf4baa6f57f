using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>The outcome of opening a transport: the transport, or why it could not listen.</summary>
public readonly struct SipTransportOpenResult
{
    private SipTransportOpenResult(ISipTransport? transport, SocketError socketError, string? error)
    {
        Transport = transport;
        SocketError = socketError;
        Error = error;
    }

    /// <summary>The open transport; null on failure.</summary>
    public ISipTransport? Transport { get; }

    /// <summary>The socket error behind a failure (<see cref="SocketError.AddressAlreadyInUse"/> ...), <see cref="SocketError.Success"/> otherwise.</summary>
    public SocketError SocketError { get; }

    /// <summary>What went wrong, for an operator; null on success.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Transport))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Transport is not null;

    public static SipTransportOpenResult Success(ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return new(transport, SocketError.Success, null);
    }

    public static SipTransportOpenResult Failure(SocketError socketError, string error) => new(null, socketError, error);

    public override string ToString() => IsSuccess ? "listening on " + Transport.LocalEndPoint : Error;
}
