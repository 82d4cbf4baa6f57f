namespace Lifeline.Sip.Dns;

/// <summary>A CNAME record: <see cref="DnsRecord.Name"/> is an alias of <paramref name="Target"/>.</summary>
public sealed record DnsCnameRecord(string Name, uint Ttl, string Target) : DnsRecord(Name, Ttl)
{
    /// <inheritdoc />
    public override DnsRecordType Type => DnsRecordType.Cname;
}
