namespace Lifeline.Health;

/// <summary>
/// Round-trip time statistics of one target's probe answers: smoothed RTT and RTT variance as RFC 6298 computes
/// them (α = 1/8, β = 1/4), percentiles over a bounded recent window, and the adaptive probe timeout derived
/// from them. Single-threaded, owned by the target's state.
/// </summary>
internal sealed class RttEstimator
{
    /// <summary>Answers kept for percentiles.</summary>
    public const int WindowSize = 128;

    private readonly long[] _window = new long[WindowSize];
    private int _next;
    private int _count;

    /// <summary>Smoothed RTT (SRTT); null before the first sample.</summary>
    public TimeSpan? Smoothed { get; private set; }

    /// <summary>RTT variation (RTTVAR); null before the first sample.</summary>
    public TimeSpan? Variance { get; private set; }

    /// <summary>Samples seen since creation.</summary>
    public long Samples { get; private set; }

    /// <summary>Adds one measured round trip.</summary>
    public void Add(TimeSpan rtt)
    {
        if (rtt < TimeSpan.Zero)
        {
            return;
        }

        if (Smoothed is not { } srtt || Variance is not { } rttvar)
        {
            Smoothed = rtt;
            Variance = rtt / 2;
        }
        else
        {
            // RFC 6298 §2.3: RTTVAR first, from the old SRTT.
            Variance = TimeSpan.FromTicks((3 * rttvar.Ticks + Math.Abs(srtt.Ticks - rtt.Ticks)) / 4);
            Smoothed = TimeSpan.FromTicks((7 * srtt.Ticks + rtt.Ticks) / 8);
        }

        _window[_next] = rtt.Ticks;
        _next = (_next + 1) % WindowSize;
        _count = Math.Min(_count + 1, WindowSize);
        Samples++;
    }

    /// <summary>
    /// The probe timeout: <c>clamp(max(Multiplier × SRTT, SRTT + 4 × RTTVAR), Floor, Cap)</c>, or
    /// <see cref="ProbeTimeoutOptions.Initial"/> (within the bounds) before any sample.
    /// </summary>
    public TimeSpan ProbeTimeout(ProbeTimeoutOptions options)
    {
        if (Smoothed is not { } srtt || Variance is not { } rttvar)
        {
            return Clamp(options.Initial, options);
        }

        var byMultiple = srtt * options.Multiplier;
        var byVariance = srtt + 4 * rttvar;
        return Clamp(byMultiple > byVariance ? byMultiple : byVariance, options);
    }

    /// <summary>p50, p90 and p99 over the last <see cref="WindowSize"/> answers.</summary>
    public RttPercentiles Percentiles()
    {
        if (_count == 0)
        {
            return default;
        }

        Span<long> sorted = stackalloc long[WindowSize];
        sorted = sorted[.._count];
        _window.AsSpan(0, _count).CopyTo(sorted);
        sorted.Sort();
        return new RttPercentiles(_count, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99));
    }

    private static TimeSpan Rank(ReadOnlySpan<long> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return TimeSpan.FromTicks(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static TimeSpan Clamp(TimeSpan value, ProbeTimeoutOptions options) =>
        value < options.Floor ? options.Floor : value > options.Cap ? options.Cap : value;
}
