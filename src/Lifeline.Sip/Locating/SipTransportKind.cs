namespace Lifeline.Sip.Locating;

/// <summary>A transport a SIP request can be sent over, as RFC 3263 chooses among them.</summary>
public enum SipTransportKind
{
    /// <summary>UDP (NAPTR service SIP+D2U, SRV _sip._udp), default port 5060.</summary>
    Udp,

    /// <summary>TCP (NAPTR service SIP+D2T, SRV _sip._tcp), default port 5060.</summary>
    Tcp,

    /// <summary>TLS over TCP (NAPTR service SIPS+D2T, SRV _sips._tcp), default port 5061.</summary>
    Tls,
}
