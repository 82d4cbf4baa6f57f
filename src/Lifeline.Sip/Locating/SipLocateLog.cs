using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Locating;

/// <summary>
/// What one <see cref="SipServerLocator.LocateAsync"/> call asked and learned: every lookup's outcome
/// (for the failure detail) and the worst failure that was not a plain "no such records". Lookups run
/// concurrently, so it locks.
/// </summary>
internal sealed class SipLocateLog
{
    private const int MaxNotes = 16;

    private readonly Lock _lock = new();
    private readonly List<string> _notes = [];
    private DnsQueryResult? _failure;

    /// <summary>The worst failure (timeout, SERVFAIL, …) seen, if any.</summary>
    public DnsQueryResult? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    public void Note(string name, DnsRecordType type, DnsQueryResult result)
    {
        lock (_lock)
        {
            if (_notes.Count < MaxNotes)
            {
                _notes.Add(result.IsSuccess
                    ? $"{name} {type}: {result.Records.Count} record(s)"
                    : $"{name} {type}: {result.Status}");
            }

            if (!result.IsSuccess && !result.IsNegative
                && (_failure is null || Rank(result.Status) > Rank(_failure.Value.Status)))
            {
                _failure = result;
            }
        }
    }

    public string Describe()
    {
        lock (_lock)
        {
            var text = string.Join("; ", _notes);
            return _failure is { Detail: { } detail } ? text + " (" + detail + ")" : text;
        }
    }

    // An answer that says something about the servers beats silence; a bad name beats all.
    private static int Rank(DnsQueryStatus status) => status switch
    {
        DnsQueryStatus.InvalidName => 6,
        DnsQueryStatus.NoServers => 5,
        DnsQueryStatus.ServerFailure => 4,
        DnsQueryStatus.Malformed => 3,
        DnsQueryStatus.NetworkError => 2,
        DnsQueryStatus.Timeout => 1,
        _ => 0,
    };
}
