namespace Lifeline.Sip.Locating;

/// <summary>Settings of a <see cref="SipServerLocator"/>.</summary>
public sealed record SipServerLocatorOptions
{
    /// <summary>
    /// The transports this client can use. NAPTR records and SRV lookups for others are skipped, and a
    /// request naming another transport is refused.
    /// </summary>
    public IReadOnlyList<SipTransportKind> Transports { get; init; } = [SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls];

    /// <summary>Which address records to look up for each host, and in which order to list them.</summary>
    public SipAddressPreference AddressPreference { get; init; } = SipAddressPreference.IPv4First;
}
