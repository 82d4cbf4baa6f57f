namespace Lifeline.Sip.Dns;

/// <summary>One remembered answer and when it was stored (a <see cref="TimeProvider"/> timestamp).</summary>
internal readonly record struct DnsCacheEntry(DnsQueryResult Result, long StoredAt, TimeSpan Ttl);
