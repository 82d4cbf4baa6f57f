namespace Lifeline.Health;

/// <summary>
/// Round-trip time statistics of one target's probe answers: smoothed RTT and RTT variance as RFC 6298 computes
/// them (α = 1/8, β = 1/4), percentiles over a bounded recent window, and the adaptive probe timeout derived
/// from them. Single-threaded, owned by the target's state. The window keeps each answer in 2 bytes (see
/// <see cref="Encode"/>) and grows as answers come: with 100,000 gateways it is the largest part of the health board.
/// A mutable struct kept inside the target's state (no object of its own): keep it in a field that is not readonly.
/// </summary>
internal struct RttEstimator
{
    /// <summary>Answers kept for percentiles.</summary>
    public const int WindowSize = 128;

    // Below this, RTTs are kept in whole microseconds; above it in steps of CoarseStep, up to about 4.2 s.
    private const int ExactBelowMicros = 32_000;
    private const int CoarseStepMicros = 125;

    private BoundedRing<ushort> _window;

    // In ticks, valid once Samples is above 0 (two nullable TimeSpans would take twice the room).
    private long _smoothed;
    private long _variance;

    public RttEstimator()
    {
        _window = new BoundedRing<ushort>(WindowSize);
    }

    /// <summary>Smoothed RTT (SRTT); null before the first sample.</summary>
    public readonly TimeSpan? Smoothed => Samples > 0 ? TimeSpan.FromTicks(_smoothed) : null;

    /// <summary>RTT variation (RTTVAR); null before the first sample.</summary>
    public readonly TimeSpan? Variance => Samples > 0 ? TimeSpan.FromTicks(_variance) : null;

    /// <summary>Samples seen since creation.</summary>
    public long Samples { readonly get; private set; }

    /// <summary>Adds one measured round trip.</summary>
    public void Add(TimeSpan rtt)
    {
        if (rtt < TimeSpan.Zero)
        {
            return;
        }

        if (Samples == 0)
        {
            _smoothed = rtt.Ticks;
            _variance = rtt.Ticks / 2;
        }
        else
        {
            // RFC 6298 §2.3: RTTVAR first, from the old SRTT.
            _variance = (3 * _variance + Math.Abs(_smoothed - rtt.Ticks)) / 4;
            _smoothed = (7 * _smoothed + rtt.Ticks) / 8;
        }

        if (_window.IsFull)
        {
            _window.RemoveOldest();
        }

        _window.Add(Encode(rtt));
        Samples++;
    }

    /// <summary>
    /// The probe timeout: <c>clamp(max(Multiplier × SRTT, SRTT + 4 × RTTVAR), Floor, Cap)</c>, or
    /// <see cref="ProbeTimeoutOptions.Initial"/> (within the bounds) before any sample.
    /// </summary>
    public readonly TimeSpan ProbeTimeout(ProbeTimeoutOptions options)
    {
        if (Samples == 0)
        {
            return Clamp(options.Initial, options);
        }

        var srtt = TimeSpan.FromTicks(_smoothed);
        var rttvar = TimeSpan.FromTicks(_variance);
        var byMultiple = srtt * options.Multiplier;
        var byVariance = srtt + 4 * rttvar;
        return Clamp(byMultiple > byVariance ? byMultiple : byVariance, options);
    }

    /// <summary>p50, p90 and p99 over the last <see cref="WindowSize"/> answers.</summary>
    public readonly RttPercentiles Percentiles()
    {
        var count = _window.Count;
        if (count == 0)
        {
            return default;
        }

        Span<ushort> sorted = stackalloc ushort[WindowSize];
        sorted = sorted[..count];
        _window.CopyTo(sorted);
        sorted.Sort();
        return new RttPercentiles(count, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99));
    }

    /// <summary>
    /// An RTT in two bytes, order-preserving: exact whole microseconds below 32 ms (where LAN and regional carriers
    /// answer), 125 µs steps above (under 0.4% of the value; every whole millisecond exact), saturating at about
    /// 4.2 s, twice the longest probe timeout. Half the size of an int per sample, 128 samples per gateway.
    /// </summary>
    internal static ushort Encode(TimeSpan rtt)
    {
        var micros = rtt.Ticks / TimeSpan.TicksPerMicrosecond;
        if (micros < ExactBelowMicros)
        {
            return (ushort)Math.Max(0, micros);
        }

        var steps = (micros - ExactBelowMicros + CoarseStepMicros / 2) / CoarseStepMicros;
        return (ushort)Math.Min(ushort.MaxValue, ExactBelowMicros + steps);
    }

    /// <summary>The RTT an <see cref="Encode"/>d sample stands for.</summary>
    internal static TimeSpan Decode(ushort code) => code < ExactBelowMicros
        ? TimeSpan.FromMicroseconds(code)
        : TimeSpan.FromMicroseconds(ExactBelowMicros + (long)(code - ExactBelowMicros) * CoarseStepMicros);

    private static TimeSpan Rank(ReadOnlySpan<ushort> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return Decode(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static TimeSpan Clamp(TimeSpan value, ProbeTimeoutOptions options) =>
        value < options.Floor ? options.Floor : value > options.Cap ? options.Cap : value;
}
