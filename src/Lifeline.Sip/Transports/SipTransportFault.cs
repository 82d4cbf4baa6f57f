namespace Lifeline.Sip.Transports;

/// <summary>
/// A fault a transport survived, reported at most once per kind per
/// <see cref="SipTransportOptions.FaultReportInterval"/>; <see cref="Suppressed"/> counts the ones
/// not reported since the previous report. The host logs these (Lifeline.Sip has no logging of its own).
/// </summary>
public readonly struct SipTransportFault
{
    public SipTransportFault(SipTransportFaultKind kind, SipEndPoint transport, Exception? exception, int suppressed)
    {
        Kind = kind;
        Transport = transport;
        Exception = exception;
        Suppressed = suppressed;
    }

    public SipTransportFaultKind Kind { get; }

    /// <summary>The local end point of the transport that had the fault.</summary>
    public SipEndPoint Transport { get; }

    public Exception? Exception { get; }

    /// <summary>Faults of the same kind that were counted but not reported since the last report.</summary>
    public int Suppressed { get; }
}
