using System.Net.Sockets;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// What the transport says about one send: done, or failed (RFC 3261 §17.1.4, §17.2.4: a fatal
/// transport error is an input to the transaction, which then terminates and tells the TU).
/// </summary>
public readonly struct SipSendResult
{
    private SipSendResult(bool succeeded, SocketError socketError, string? reason)
    {
        Succeeded = succeeded;
        SocketError = socketError;
        Reason = reason;
    }

    /// <summary>A successful send.</summary>
    public static SipSendResult Success => new(true, SocketError.Success, null);

    /// <summary>True when the transport accepted the message.</summary>
    public bool Succeeded { get; }

    /// <summary>The socket error of a failed send (<see cref="SocketError.SocketError"/> when none applies).</summary>
    public SocketError SocketError { get; }

    /// <summary>A short human-readable reason for a failed send (null on success).</summary>
    public string? Reason { get; }

    /// <summary>A failed send.</summary>
    public static SipSendResult Failed(SocketError socketError, string? reason = null)
        => new(false, socketError == SocketError.Success ? SocketError.SocketError : socketError, reason ?? socketError.ToString());

    /// <inheritdoc />
    public override string ToString() => Succeeded ? "sent" : $"failed: {Reason}";
}
