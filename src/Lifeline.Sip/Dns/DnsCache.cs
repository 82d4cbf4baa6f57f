namespace Lifeline.Sip.Dns;

/// <summary>
/// Remembers answers for as long as their TTL allows (negative answers for the SOA minimum, RFC 2308),
/// timed by the <see cref="TimeProvider"/>. Bounded: when full, the entry closest to expiry goes.
/// </summary>
internal sealed class DnsCache
{
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _maxTtl;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DnsCacheEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public DnsCache(TimeProvider time, int capacity, TimeSpan maxTtl)
    {
        _time = time;
        _capacity = capacity;
        _maxTtl = maxTtl;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string name, DnsRecordType type, out DnsQueryResult result)
    {
        var key = Key(name, type);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (_time.GetElapsedTime(entry.StoredAt, now) < entry.Ttl)
                {
                    result = entry.Result;
                    return true;
                }

                _entries.Remove(key);
            }
        }

        result = default;
        return false;
    }

    public void Store(string name, DnsRecordType type, DnsQueryResult result)
    {
        var ttl = TtlOf(result);
        if (ttl > _maxTtl)
        {
            ttl = _maxTtl;
        }

        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var key = Key(name, type);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_entries.Count >= _capacity && !_entries.ContainsKey(key))
            {
                MakeRoom_NeedsLock(now);
            }

            _entries[key] = new DnsCacheEntry(result, now, ttl);
        }
    }

    private void MakeRoom_NeedsLock(long now)
    {
        string? soonest = null;
        var soonestLeft = TimeSpan.MaxValue;
        List<string>? expired = null;
        foreach (var (key, entry) in _entries)
        {
            var left = entry.Ttl - _time.GetElapsedTime(entry.StoredAt, now);
            if (left <= TimeSpan.Zero)
            {
                (expired ??= []).Add(key);
            }
            else if (left < soonestLeft)
            {
                soonestLeft = left;
                soonest = key;
            }
        }

        if (expired is not null)
        {
            foreach (var key in expired)
            {
                _entries.Remove(key);
            }
        }
        else if (soonest is not null)
        {
            _entries.Remove(soonest);
        }
    }

    private static TimeSpan TtlOf(DnsQueryResult result)
    {
        if (result.IsNegative)
        {
            return result.NegativeTtl ?? TimeSpan.Zero;
        }

        if (!result.IsSuccess || result.Records.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var min = uint.MaxValue;
        foreach (var record in result.Records)
        {
            min = Math.Min(min, record.Ttl);
        }

        return TimeSpan.FromSeconds(min);
    }

    private static string Key(string name, DnsRecordType type) => ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + name;
}
