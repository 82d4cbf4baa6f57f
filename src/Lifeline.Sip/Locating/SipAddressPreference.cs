namespace Lifeline.Sip.Locating;

/// <summary>Which address families a name's targets include, and which come first.</summary>
public enum SipAddressPreference
{
    /// <summary>A and AAAA; IPv4 targets before IPv6 ones for the same host.</summary>
    IPv4First,

    /// <summary>A and AAAA; IPv6 targets before IPv4 ones for the same host.</summary>
    IPv6First,

    /// <summary>A records only.</summary>
    IPv4Only,

    /// <summary>AAAA records only.</summary>
    IPv6Only,
}
