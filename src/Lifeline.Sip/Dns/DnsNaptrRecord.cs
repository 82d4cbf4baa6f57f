namespace Lifeline.Sip.Dns;

/// <summary>A NAPTR record (RFC 3403), as RFC 3263 uses it to pick a SIP transport.</summary>
public sealed record DnsNaptrRecord(
    string Name,
    uint Ttl,
    ushort Order,
    ushort Preference,
    string Flags,
    string Services,
    string Regexp,
    string Replacement) : DnsRecord(Name, Ttl)
{
    /// <inheritdoc />
    public override DnsRecordType Type => DnsRecordType.Naptr;
}
