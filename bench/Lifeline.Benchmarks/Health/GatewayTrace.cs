using Lifeline.Health;

namespace Lifeline.Benchmarks.Health;

/// <summary>
/// One simulated gateway probed by a simulated prober that follows Lifeline's schedule (interval per health,
/// adaptive timeout, no overlap). Every probe result drives Lifeline's board and, on the very same trace, the
/// threshold-1 and threshold-3 baselines.
/// </summary>
internal sealed class GatewayTrace
{
    private const string Gw = "gw";
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(20);

    private readonly Random _random;
    private readonly double _loss;
    private readonly SimClock _clock;
    private readonly HealthBoard _board;
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private DateTimeOffset _nextProbe;

    public GatewayTrace(HealthOptions options, string name, double loss, int seed)
    {
        _random = new Random(seed);
        _loss = loss;
        _clock = new SimClock(_start);
        _board = new HealthBoard(options, _clock);
        _nextProbe = _start;
        Lifeline = new LifelineRule(name);
    }

    public LifelineRule Lifeline { get; }

    public ThresholdRule Threshold1 { get; } = new(1);

    public ThresholdRule Threshold3 { get; } = new(3);

    public IRuleObserver[] Rules => [Lifeline, Threshold1, Threshold3];

    public Func<TimeSpan, bool> Alive { get; set; } = _ => true;

    public long Probes { get; private set; }

    /// <summary>Every published transition, when asked for (timelines).</summary>
    public List<Transition>? Recorded { get; init; }

    /// <summary>The longest run of unanswered probes while the gateway was alive (loss only).</summary>
    public int LongestLossRun { get; private set; }

    public HealthBoard Board => _board;

    public string TargetId => Gw;

    private int _lossRun;

    public DateTimeOffset Start => _start;

    public void RunUntil(TimeSpan until)
    {
        var end = _start + until;
        while (_nextProbe <= end)
        {
            var start = _nextProbe;
            _clock.AdvanceTo(start);
            var timeout = _board.ProbeTimeoutFor(Gw);
            var answered = Alive(start - _start) && _random.NextDouble() >= _loss;
            var completed = answered ? start + Rtt : start + timeout;
            var signal = answered ? Signal.ProbeAnswered(completed, Rtt) : Signal.ProbeTimedOut(completed, timeout);
            Probes++;
            _lossRun = answered || !Alive(start - _start) ? 0 : _lossRun + 1;
            LongestLossRun = Math.Max(LongestLossRun, _lossRun);

            _clock.AdvanceTo(completed);
            Observe(_board.Tick());
            Observe(_board.Apply(Gw, signal));
            Threshold1.Observe(completed, answered);
            Threshold3.Observe(completed, answered);
            _nextProbe = HealthMath.NextProbeStart(start, completed, _board.ProbeIntervalFor(Gw));
        }

        _clock.AdvanceTo(end);
        Observe(_board.Tick());
    }

    private void Observe(IReadOnlyList<Transition> transitions)
    {
        Lifeline.Observe(transitions);
        Recorded?.AddRange(transitions);
    }

    public void Close()
    {
        foreach (var rule in Rules)
        {
            rule.Close(_clock.GetUtcNow());
        }
    }
}
