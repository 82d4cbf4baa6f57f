using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Tests.Locating;

/// <summary>A resolver that answers nothing and counts the questions: proves a path asks no DNS.</summary>
internal sealed class CountingResolver : IDnsResolver
{
    private int _questions;

    public int Questions => Volatile.Read(ref _questions);

    public ValueTask<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _questions);
        return ValueTask.FromResult(DnsQueryResult.Failure(DnsQueryStatus.NoServers, "not expected to be asked"));
    }
}
