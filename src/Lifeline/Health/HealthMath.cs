namespace Lifeline.Health;

/// <summary>
/// What the health options mean in time and in risk, for <c>lifeline check</c> and the docs. The timing model is
/// the prober's contract: the next probe to a target starts at
/// <see cref="NextProbeStart">max(previous start + interval for its current health, previous completion)</see>,
/// and a probe that gets no answer completes (as a miss) at start + probe timeout.
/// </summary>
internal static class HealthMath
{
    private const int MaxMisses = 100_000;

    /// <summary>When the prober should start the next probe to a target: probes never overlap.</summary>
    public static DateTimeOffset NextProbeStart(DateTimeOffset previousStart, DateTimeOffset previousCompleted, TimeSpan interval)
    {
        var byInterval = previousStart + interval;
        return byInterval > previousCompleted ? byInterval : previousCompleted;
    }

    /// <summary>
    /// The longest a gateway that goes silent can stay out of Down, measured from its last answer: the silence begins
    /// just after an answered probe while Up, the next probe comes an Up interval later, and the rest of the misses
    /// at the Suspect interval (or the timeout, if longer). For <c>consecutive</c> this is
    /// <c>Up + T + (N − 1) × max(Suspect, T)</c>; other detectors are run on that same trace. Null when the probe
    /// detector would never decide Down on silence.
    /// </summary>
    public static TimeSpan? WorstCaseDetection(HealthOptions options, TimeSpan probeTimeout) => SilentRun(options, probeTimeout).DownAfter;

    /// <summary>Misses in a row, from steady Up, that the probe detector needs to decide Down (null: never).</summary>
    public static int? MissesToDown(HealthOptions options, TimeSpan probeTimeout) => SilentRun(options, probeTimeout).Misses;

    /// <summary>
    /// The shortest time from a Down target's first answer to Up: <c>max(StableTime, (M − 1) × Recovering interval)</c>,
    /// with the board ticked when the stable time ends. After a Down decided by calls, add the call hold unless a
    /// call is answered.
    /// </summary>
    public static TimeSpan ShortestFailBack(HealthOptions options)
    {
        var bySuccesses = options.Intervals.Recovering * (options.Recovery.Successes - 1);
        return bySuccesses > options.Recovery.StableTime ? bySuccesses : options.Recovery.StableTime;
    }

    /// <summary>
    /// Expected false Downs per day for a gateway that is up but loses probes independently with probability
    /// <paramref name="loss"/>: every probe while Up can start a run of misses, and a run of
    /// <see cref="MissesToDown"/> misses decides Down, so about <c>(86,400 s / Up interval) × loss^k</c>.
    /// NaN for the <c>ratio</c> detector, whose failures need not be in a row.
    /// </summary>
    public static double ExpectedFalseDownsPerDay(HealthOptions options, double loss, TimeSpan probeTimeout)
    {
        if (options.Probes.Detector == FailureDetectors.Ratio)
        {
            return double.NaN;
        }

        if (MissesToDown(options, probeTimeout) is not { } k)
        {
            return 0;
        }

        var probesPerDay = TimeSpan.FromDays(1) / options.Intervals.Up;
        return probesPerDay * Math.Pow(loss, k);
    }

    /// <summary>
    /// How many Downs, one every <paramref name="period"/>, it takes to suppress a target; null if flapping at that
    /// period never reaches the suppress level.
    /// </summary>
    public static int? DownsToSuppress(FlapDampingOptions damping, TimeSpan period)
    {
        var penalty = 0.0;
        var ceiling = FlapDamping.Ceiling(damping);
        var decay = Math.Pow(2, -(period / damping.HalfLife));
        for (var downs = 1; downs <= 10_000; downs++)
        {
            penalty = Math.Min(penalty * decay + damping.Penalty, ceiling);
            if (penalty >= damping.SuppressLevel)
            {
                return downs;
            }
        }

        return null;
    }

    /// <summary>
    /// The longest period between Downs that still ends in suppression if it goes on long enough:
    /// the period at which the steady penalty <c>Penalty / (1 − 2^(−period / HalfLife))</c> equals the suppress level.
    /// </summary>
    public static TimeSpan LongestDampedPeriod(FlapDampingOptions damping)
    {
        var ratio = 1 - damping.Penalty / damping.SuppressLevel;
        return ratio <= 0 ? TimeSpan.MaxValue : damping.HalfLife * -Math.Log2(ratio);
    }

    private static (TimeSpan? DownAfter, int? Misses) SilentRun(HealthOptions options, TimeSpan probeTimeout)
    {
        var detector = FailureDetectors.Create(options.Probes);
        var up = options.Intervals.Up;
        var start = DateTimeOffset.UnixEpoch;

        // Steady state: enough answered probes, one per Up interval, to fill any window or interval history.
        var history = Math.Max(options.Probes.Phi.MaxSampleSize, options.Probes.Ratio.MaxSamples) + 1;
        var lastAnswer = start;
        for (var i = 0; i < history; i++)
        {
            lastAnswer = start + up * i;
            detector.Observe(Signal.ProbeAnswered(lastAnswer, TimeSpan.Zero));
        }

        var probe = lastAnswer + up;
        var step = options.Intervals.Suspect > probeTimeout ? options.Intervals.Suspect : probeTimeout;
        for (var misses = 1; misses <= MaxMisses; misses++)
        {
            var missAt = probe + probeTimeout;
            detector.Observe(Signal.ProbeTimedOut(missAt, probeTimeout));
            if (detector.Verdict(missAt) == DetectorVerdict.Failed)
            {
                return (missAt - lastAnswer, misses);
            }

            probe += step;
        }

        return (null, null);
    }
}
