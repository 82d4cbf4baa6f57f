namespace Lifeline.Sip.Dns;

/// <summary>An SOA record; its <paramref name="Minimum"/> bounds how long a negative answer may be cached (RFC 2308).</summary>
public sealed record DnsSoaRecord(
    string Name,
    uint Ttl,
    string PrimaryServer,
    string ResponsibleMailbox,
    uint Serial,
    uint Refresh,
    uint Retry,
    uint Expire,
    uint Minimum) : DnsRecord(Name, Ttl)
{
    /// <inheritdoc />
    public override DnsRecordType Type => DnsRecordType.Soa;
}
