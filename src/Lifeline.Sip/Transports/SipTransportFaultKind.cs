namespace Lifeline.Sip.Transports;

/// <summary>What went wrong inside a transport.</summary>
public enum SipTransportFaultKind
{
    /// <summary>The message handler threw; the message was dropped and the loop went on.</summary>
    HandlerException,

    /// <summary>A receive failed with an unexpected socket error; the loop went on.</summary>
    ReceiveError,

    /// <summary>Accepting a connection failed; the listener went on.</summary>
    AcceptError,
}
