namespace Lifeline.Sip.Dns;

/// <summary>How a DNS query ended.</summary>
public enum DnsQueryStatus
{
    /// <summary>The answer holds records of the asked type.</summary>
    Success,

    /// <summary>The name exists but has no records of the asked type (NOERROR, empty answer).</summary>
    NoData,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameError,

    /// <summary>Every server answered with SERVFAIL, REFUSED or another error code.</summary>
    ServerFailure,

    /// <summary>No server answered within the timeout, on any attempt.</summary>
    Timeout,

    /// <summary>An answer matched the question but could not be decoded.</summary>
    Malformed,

    /// <summary>The network refused the exchange (port unreachable, no route, connection reset).</summary>
    NetworkError,

    /// <summary>The name cannot be asked for (empty, too long, a label over 63 bytes, not ASCII).</summary>
    InvalidName,

    /// <summary>No DNS server is configured.</summary>
    NoServers,
}
