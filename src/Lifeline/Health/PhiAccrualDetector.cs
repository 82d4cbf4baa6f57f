using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// The <c>phi</c> detector: the phi accrual failure detector of Hayashibara et al., as Akka and Cassandra use it,
/// on the arrival times of probe answers. phi = −log10(P(an answer arrives later than now)), under a normal
/// distribution fitted to recent answer intervals (mean + acceptable pause, standard deviation floored).
/// Failed at phi ≥ threshold; Suspect while the latest probe was missed. Only probe answers are heartbeats.
/// </summary>
internal sealed class PhiAccrualDetector : IFailureDetector
{
    private readonly PhiAccrualOptions _options;
    private BoundedRing<double> _intervals;
    private double _sum;
    private double _sumOfSquares;
    private DateTimeOffset? _last;
    private bool _lastIsAnswer;
    private bool _lastWasMiss;

    public PhiAccrualDetector(PhiAccrualOptions options)
    {
        _options = options;
        _intervals = new BoundedRing<double>(Math.Max(2, options.MaxSampleSize));
        Seed();
    }

    public string Name => FailureDetectors.Phi;

    /// <summary>Mean of the recorded answer intervals, in milliseconds (without the acceptable pause).</summary>
    public double MeanIntervalMs => _sum / _intervals.Count;

    /// <summary>Population standard deviation of the recorded intervals, in milliseconds (before the floor).</summary>
    public double StdDeviationMs => Math.Sqrt(Math.Max(0, _sumOfSquares / _intervals.Count - MeanIntervalMs * MeanIntervalMs));

    /// <summary>
    /// phi for a time <paramref name="timeDiffMs"/> since the last heartbeat, under N(<paramref name="meanMs"/>,
    /// <paramref name="stdDeviationMs"/>), with the logistic approximation of the normal CDF that Akka uses
    /// (error below 0.00014 at ±3.16 standard deviations).
    /// </summary>
    public static double Phi(double timeDiffMs, double meanMs, double stdDeviationMs)
    {
        var y = (timeDiffMs - meanMs) / stdDeviationMs;
        var e = Math.Exp(-y * (1.5976 + 0.070566 * y * y));
        return timeDiffMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - 1.0 / (1.0 + e));
    }

    /// <summary>phi at <paramref name="now"/>; 0 before anything was expected.</summary>
    public double PhiAt(DateTimeOffset now)
    {
        if (_last is not { } last)
        {
            return 0;
        }

        var mean = MeanIntervalMs + _options.AcceptableHeartbeatPause.TotalMilliseconds;
        var std = Math.Max(StdDeviationMs, _options.MinStdDeviation.TotalMilliseconds);
        var phi = Phi(Math.Max(0, (now - last).TotalMilliseconds), mean, std);
        return double.IsNaN(phi) ? 0 : phi;
    }

    public void Observe(in Signal signal)
    {
        if (signal.Kind != SignalKind.Probe)
        {
            return;
        }

        if (signal.IsFailure)
        {
            // A target silent from the start never sends a first heartbeat; expect one from when the probe was sent.
            _last ??= signal.At - signal.Rtt;
            _lastWasMiss = true;
            return;
        }

        if (_last is { } last && _lastIsAnswer)
        {
            var interval = (signal.At - last).TotalMilliseconds;

            // As Akka does, an interval is learned only while the target is judged available, so an outage does
            // not teach the detector that long silences are normal.
            if (interval > 0 && PhiAt(signal.At) < _options.Threshold)
            {
                Add(interval);
            }
        }

        _last = signal.At;
        _lastIsAnswer = true;
        _lastWasMiss = false;
    }

    /// <summary>phi rises with the time since the last answer, once there was one.</summary>
    public bool ChangesWithTime => _last is not null;

    public DetectorVerdict Verdict(DateTimeOffset now) =>
        PhiAt(now) >= _options.Threshold ? DetectorVerdict.Failed
        : _lastWasMiss ? DetectorVerdict.Suspect
        : DetectorVerdict.Healthy;

    public string Explain(DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        if (_last is not { } last)
        {
            return "no probe sent yet";
        }

        return string.Create(inv, $"no probe answer for {HealthText.Duration(now - last)} (phi {PhiAt(now):0.0} ≥ {_options.Threshold:0.#}, mean interval {HealthText.Duration(TimeSpan.FromMilliseconds(MeanIntervalMs))})");
    }

    public void Reset()
    {
        _last = null;
        _lastIsAnswer = false;
        _lastWasMiss = false;
        Seed();
    }

    private void Seed()
    {
        // Akka's first-heartbeat estimate: two intervals, mean ± a quarter, until real ones arrive.
        _intervals.Clear();
        _sum = 0;
        _sumOfSquares = 0;
        var mean = _options.FirstHeartbeatEstimate.TotalMilliseconds;
        Add(mean - mean / 4);
        Add(mean + mean / 4);
    }

    private void Add(double interval)
    {
        if (_intervals.IsFull)
        {
            var dropped = _intervals.RemoveOldest();
            _sum -= dropped;
            _sumOfSquares -= dropped * dropped;
        }

        _intervals.Add(interval);
        _sum += interval;
        _sumOfSquares += interval * interval;
    }
}
