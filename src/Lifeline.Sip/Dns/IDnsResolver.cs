namespace Lifeline.Sip.Dns;

/// <summary>Asks DNS one question. <see cref="DnsClient"/> is the implementation that talks to servers.</summary>
public interface IDnsResolver
{
    /// <summary>
    /// Looks up records of <paramref name="type"/> for <paramref name="name"/>. Failures (timeout,
    /// NXDOMAIN, SERVFAIL, malformed answers) come back as a result, never as an exception; only
    /// cancellation by <paramref name="cancellationToken"/> throws.
    /// </summary>
    ValueTask<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);
}
