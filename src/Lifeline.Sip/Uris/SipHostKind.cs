namespace Lifeline.Sip.Uris;

/// <summary>What a host part is.</summary>
public enum SipHostKind : byte
{
    /// <summary>No host (tel URIs, other schemes).</summary>
    None = 0,

    /// <summary>A domain name.</summary>
    Name,

    /// <summary>A dotted IPv4 address.</summary>
    IPv4,

    /// <summary>An IPv6 reference, written in brackets.</summary>
    IPv6,
}
