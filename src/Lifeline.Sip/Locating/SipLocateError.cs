namespace Lifeline.Sip.Locating;

/// <summary>Why <see cref="SipServerLocator"/> found no target.</summary>
public enum SipLocateError
{
    /// <summary>Targets were found.</summary>
    None,

    /// <summary>The request cannot be resolved as given (empty host, bad port, sips over UDP, transport not enabled, malformed name).</summary>
    InvalidRequest,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NameNotFound,

    /// <summary>DNS answered, but with no usable NAPTR, SRV, A or AAAA records.</summary>
    NoRecords,

    /// <summary>A DNS server did not answer in time.</summary>
    Timeout,

    /// <summary>A DNS server answered SERVFAIL, REFUSED or another error.</summary>
    ServerFailure,

    /// <summary>A DNS answer could not be decoded.</summary>
    Malformed,

    /// <summary>A DNS server could not be reached.</summary>
    NetworkError,

    /// <summary>No DNS server is configured.</summary>
    NoDnsServers,
}
