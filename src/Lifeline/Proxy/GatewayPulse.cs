namespace Lifeline.Proxy;

/// <summary>
/// Whether a gateway has gone quiet under traffic, seen from the proxy's own INVITEs, before any timeout fires: it
/// has INVITEs out and has not answered anything (not even 100 Trying) for several times its usual first-response
/// time. A call then skips it for the next attempt of its plan (coming back to it only if everything else fails),
/// so the calls that arrive while the first timeouts are still running are not delayed as well. The health board
/// still decides Down from the timeouts; this only steers the calls of the next few hundred milliseconds. One call
/// a second is still let through, so a gateway that comes back is noticed. Lock-free; a few racy updates of the
/// average are harmless.
/// </summary>
internal sealed class GatewayPulse
{
    private const long None = long.MinValue;
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan TrialInterval = TimeSpan.FromSeconds(1);

    private long _unansweredSince = None;
    private long _latencyTicks = -1;
    private long _lastTrial = None;

    /// <summary>An INVITE went to the gateway at <paramref name="now"/> (a timestamp).</summary>
    public void Sent(long now) => Interlocked.CompareExchange(ref _unansweredSince, now, None);

    /// <summary>The gateway answered something; <paramref name="latency"/> is the wait for an attempt's first response.</summary>
    public void Responded(TimeSpan? latency)
    {
        Volatile.Write(ref _unansweredSince, None);
        if (latency is not { } value)
        {
            return;
        }

        // Exponential average (1/8 weight, as RFC 6298 smooths RTT).
        var old = Volatile.Read(ref _latencyTicks);
        Volatile.Write(ref _latencyTicks, old < 0 ? value.Ticks : old + ((value.Ticks - old) / 8));
    }

    /// <summary>Whether a new call should skip the gateway now (false for the one call a second let through).</summary>
    public bool IsSilent(TimeProvider time, long now)
    {
        var since = Volatile.Read(ref _unansweredSince);
        var latency = Volatile.Read(ref _latencyTicks);
        if (since == None || latency < 0)
        {
            return false;
        }

        var threshold = TimeSpan.FromTicks(Math.Max(4 * latency, Floor.Ticks));
        if (time.GetElapsedTime(since, now) <= threshold)
        {
            return false;
        }

        // The first trial comes a second into the silence, then one a second.
        var last = Volatile.Read(ref _lastTrial);
        var reference = last == None || last < since ? since : last;
        if (time.GetElapsedTime(reference, now) >= TrialInterval
            && Interlocked.CompareExchange(ref _lastTrial, now, last) == last)
        {
            return false;
        }

        return true;
    }
}
