using Lifeline.Health;
using Lifeline.Testing;

namespace Lifeline.Tests.Health;

/// <summary>
/// A simulated gateway probed by a simulated prober that follows the prober's contract
/// (<see cref="HealthMath.NextProbeStart"/>, adaptive timeout, interval per health), in simulated time.
/// The gateway answers a probe when it is alive at the probe's start and the probe is not lost.
/// </summary>
internal sealed class GatewaySimulation
{
    public const string Gw = "gw1";

    private readonly Random _random;
    private readonly double _loss;
    private readonly TimeSpan _rtt;
    private readonly DateTimeOffset _start;
    private DateTimeOffset _nextProbe;

    public GatewaySimulation(HealthOptions options, int seed, double loss, TimeSpan? rtt = null)
    {
        _random = new Random(seed);
        _loss = loss;
        _rtt = rtt ?? TimeSpan.FromMilliseconds(20);
        Board = new HealthBoard(options, Clock);
        _start = Clock.GetUtcNow();
        _nextProbe = _start;
    }

    public ManualTimeProvider Clock { get; } = new();

    public HealthBoard Board { get; }

    public List<Transition> Transitions { get; } = [];

    /// <summary>Whether the gateway is alive at a time since the start of the simulation.</summary>
    public Func<TimeSpan, bool> Alive { get; set; } = _ => true;

    public TimeSpan Elapsed => Clock.GetUtcNow() - _start;

    public long Probes { get; private set; }

    public long Lost { get; private set; }

    /// <summary>Time since start of the last answered probe's answer.</summary>
    public TimeSpan? LastAnswerAt { get; private set; }

    public TargetHealth Health => Board.Current.HealthOf(Gw) ?? TargetHealth.Up;

    /// <summary>Runs probes (and a tick at each probe) until <paramref name="until"/> since start, or until <paramref name="stop"/> says so.</summary>
    public void RunUntil(TimeSpan until, Func<Transition, bool>? stop = null)
    {
        var end = _start + until;
        while (_nextProbe <= end)
        {
            var start = _nextProbe;
            Advance(start);
            var timeout = Board.ProbeTimeoutFor(Gw);
            var answered = Alive(start - _start) && _random.NextDouble() >= _loss;
            Probes++;
            DateTimeOffset completed;
            Signal signal;
            if (answered)
            {
                completed = start + _rtt;
                signal = Signal.ProbeAnswered(completed, _rtt);
            }
            else
            {
                if (Alive(start - _start))
                {
                    Lost++;
                }

                completed = start + timeout;
                signal = Signal.ProbeTimedOut(completed, timeout);
            }

            Advance(completed);
            if (Record(Board.Tick(), stop) | Record(Board.Apply(Gw, signal), stop))
            {
                _nextProbe = HealthMath.NextProbeStart(start, completed, Board.ProbeIntervalFor(Gw));
                return;
            }

            if (answered)
            {
                LastAnswerAt = completed - _start;
            }

            _nextProbe = HealthMath.NextProbeStart(start, completed, Board.ProbeIntervalFor(Gw));
        }

        Advance(end);
        Record(Board.Tick(), stop);
    }

    private void Advance(DateTimeOffset to)
    {
        var by = to - Clock.GetUtcNow();
        if (by > TimeSpan.Zero)
        {
            Clock.Advance(by);
        }
    }

    private bool Record(IReadOnlyList<Transition> transitions, Func<Transition, bool>? stop)
    {
        var stopped = false;
        foreach (var t in transitions)
        {
            Transitions.Add(t);
            stopped |= stop?.Invoke(t) == true;
        }

        return stopped;
    }
}
