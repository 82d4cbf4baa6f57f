namespace Lifeline.Health;

/// <summary>
/// Round-trip time statistics of one target's probe answers: smoothed RTT and RTT variance as RFC 6298 computes
/// them (α = 1/8, β = 1/4), percentiles over a bounded recent window, and the adaptive probe timeout derived
/// from them. Single-threaded, owned by the target's state. The window keeps whole microseconds in 4 bytes each and
/// grows as answers come: with 100,000 gateways it is the largest part of the health board.
/// </summary>
internal sealed class RttEstimator
{
    /// <summary>Answers kept for percentiles.</summary>
    public const int WindowSize = 128;

    private BoundedRing<int> _window = new(WindowSize);

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

        if (_window.IsFull)
        {
            _window.RemoveOldest();
        }

        // Whole microseconds, at most about 35 minutes: far beyond any probe timeout.
        _window.Add((int)Math.Min(rtt.Ticks / TimeSpan.TicksPerMicrosecond, int.MaxValue));
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
        var count = _window.Count;
        if (count == 0)
        {
            return default;
        }

        Span<int> sorted = stackalloc int[WindowSize];
        sorted = sorted[..count];
        _window.CopyTo(sorted);
        sorted.Sort();
        return new RttPercentiles(count, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99));
    }

    private static TimeSpan Rank(ReadOnlySpan<int> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return TimeSpan.FromMicroseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static TimeSpan Clamp(TimeSpan value, ProbeTimeoutOptions options) =>
        value < options.Floor ? options.Floor : value > options.Cap ? options.Cap : value;
}
