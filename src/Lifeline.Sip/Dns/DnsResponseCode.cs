namespace Lifeline.Sip.Dns;

/// <summary>The RCODE of a DNS answer (RFC 1035 section 4.1.1).</summary>
public enum DnsResponseCode : byte
{
    /// <summary>No error.</summary>
    NoError = 0,

    /// <summary>The server could not read the query.</summary>
    FormatError = 1,

    /// <summary>The server failed to answer (often an upstream failure).</summary>
    ServerFailure = 2,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameError = 3,

    /// <summary>The server does not support this kind of query.</summary>
    NotImplemented = 4,

    /// <summary>The server refuses to answer.</summary>
    Refused = 5,
}
