namespace Lifeline.Sip.Locating;

/// <summary>Which RFC 3263 step produced a <see cref="SipServerTarget"/>.</summary>
public enum SipTargetSource
{
    /// <summary>The host was a numeric IP address; no DNS was asked.</summary>
    NumericHost,

    /// <summary>NAPTR chose the transport, its replacement's SRV records the host and port.</summary>
    Naptr,

    /// <summary>SRV records chose host and port (no NAPTR, or the transport was given).</summary>
    Srv,

    /// <summary>An A record of the host itself (explicit port, or no SRV records).</summary>
    A,

    /// <summary>An AAAA record of the host itself (explicit port, or no SRV records).</summary>
    Aaaa,
}
