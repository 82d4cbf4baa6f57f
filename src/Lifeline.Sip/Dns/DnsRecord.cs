namespace Lifeline.Sip.Dns;

/// <summary>One resource record of a DNS answer. Names carry no trailing dot; the root is ".".</summary>
/// <param name="Name">The owner name.</param>
/// <param name="Ttl">Time to live, in seconds.</param>
public abstract record DnsRecord(string Name, uint Ttl)
{
    /// <summary>The record type.</summary>
    public abstract DnsRecordType Type { get; }
}
