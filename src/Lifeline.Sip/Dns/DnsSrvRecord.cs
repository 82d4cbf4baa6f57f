namespace Lifeline.Sip.Dns;

/// <summary>An SRV record (RFC 2782). A <paramref name="Target"/> of "." means the service is not offered.</summary>
public sealed record DnsSrvRecord(string Name, uint Ttl, ushort Priority, ushort Weight, ushort Port, string Target)
    : DnsRecord(Name, Ttl)
{
    /// <inheritdoc />
    public override DnsRecordType Type => DnsRecordType.Srv;
}
