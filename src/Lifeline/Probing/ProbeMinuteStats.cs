using Lifeline.Journal;

namespace Lifeline.Probing;

/// <summary>
/// One target's probe statistics for the minute in progress, turned into a <see cref="ProbeMinute"/> journal row
/// when a probe of a later minute completes (so rows of many targets are spread over time, not written all at
/// the turn of the minute). A probe counts in the minute it started. Used under the scheduler's lock.
/// </summary>
internal sealed class ProbeMinuteStats
{
    private const int MaxSamples = 256;
    private long _minute = long.MinValue;
    private int _sent;
    private int _answered;
    private int _lost;
    private int[]? _rtts;
    private int _count;
    private int _next;
    private long _maxTicks;

    /// <summary>
    /// Counts one completed probe. Returns the previous minute's row when this probe belongs to a later minute.
    /// </summary>
    public ProbeMinute? Record(string targetId, DateTimeOffset startedAt, bool answered, TimeSpan rtt)
    {
        var minute = startedAt.UtcTicks / TimeSpan.TicksPerMinute;
        ProbeMinute? finished = null;
        if (minute != _minute)
        {
            finished = Flush(targetId);
            _minute = minute;
        }

        _sent++;
        if (!answered)
        {
            _lost++;
            return finished;
        }

        _answered++;
        _rtts ??= new int[4];
        var micros = (int)Math.Clamp(rtt.Ticks / 10, 0, int.MaxValue);
        if (_count < MaxSamples)
        {
            if (_count == _rtts.Length)
            {
                Array.Resize(ref _rtts, Math.Min(_rtts.Length * 2, MaxSamples));
            }

            _rtts[_count++] = micros;
        }
        else
        {
            // More than 256 answers in a minute (an interval under 0.25 s): keep the latest 256 for percentiles.
            _rtts[_next] = micros;
            _next = (_next + 1) % MaxSamples;
        }

        _maxTicks = Math.Max(_maxTicks, rtt.Ticks);
        return finished;
    }

    /// <summary>The row of the minute in progress (null when nothing was counted), and a fresh start.</summary>
    /// <summary>The row of a minute before <paramref name="minute"/> (minutes since 0001-01-01 UTC), if one is open.</summary>
    public ProbeMinute? FlushBefore(long minute, string targetId) => _minute < minute ? Flush(targetId) : null;

    public ProbeMinute? Flush(string targetId)
    {
        if (_sent == 0)
        {
            return null;
        }

        TimeSpan? p50 = null, p90 = null, p99 = null, max = null;
        if (_count > 0 && _rtts is not null)
        {
            var samples = _rtts.AsSpan(0, _count);
            samples.Sort();
            p50 = Rank(samples, 0.50);
            p90 = Rank(samples, 0.90);
            p99 = Rank(samples, 0.99);
            max = TimeSpan.FromTicks(_maxTicks);
        }

        var row = new ProbeMinute(targetId, new DateTimeOffset(_minute * TimeSpan.TicksPerMinute, TimeSpan.Zero), _sent, _answered, _lost, p50, p90, p99, max);
        _sent = _answered = _lost = _count = _next = 0;
        _maxTicks = 0;
        return row;
    }

    private static TimeSpan Rank(ReadOnlySpan<int> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return TimeSpan.FromTicks(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 10L);
    }
}
