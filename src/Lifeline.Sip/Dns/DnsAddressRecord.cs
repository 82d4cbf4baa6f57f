using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Dns;

/// <summary>An A (IPv4) or AAAA (IPv6) record.</summary>
public sealed record DnsAddressRecord(string Name, uint Ttl, IPAddress Address) : DnsRecord(Name, Ttl)
{
    /// <inheritdoc />
    public override DnsRecordType Type =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A;
}
