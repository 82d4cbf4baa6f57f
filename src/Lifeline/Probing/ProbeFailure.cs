namespace Lifeline.Probing;

/// <summary>Why a probe got no answer. Everything but <see cref="Timeout"/> is quicker evidence than a timeout.</summary>
internal enum ProbeFailure : byte
{
    /// <summary>No answer within the probe's own timeout.</summary>
    Timeout,

    /// <summary>The gateway refused: ICMP port unreachable on UDP, a reset on TCP connect.</summary>
    Refused,

    /// <summary>No route to the host, or the TCP connection could not be opened.</summary>
    Unreachable,

    /// <summary>The TCP connection closed while the probe was out.</summary>
    ConnectionClosed,

    /// <summary>The RFC 3263 lookup of the gateway's domain failed.</summary>
    ResolveFailed,

    /// <summary>The message could not be sent for another reason.</summary>
    SendFailed,
}
