namespace Lifeline.Sip.Dns;

/// <summary>The DNS record types this client reads (RFC 1035, 3596, 2782, 3403).</summary>
public enum DnsRecordType : ushort
{
    /// <summary>IPv4 address.</summary>
    A = 1,

    /// <summary>Alias to a canonical name.</summary>
    Cname = 5,

    /// <summary>Start of authority; read from the authority section of negative answers.</summary>
    Soa = 6,

    /// <summary>IPv6 address.</summary>
    Aaaa = 28,

    /// <summary>Service location (RFC 2782).</summary>
    Srv = 33,

    /// <summary>Naming authority pointer (RFC 3403).</summary>
    Naptr = 35,
}
