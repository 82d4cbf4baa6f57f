using System.Diagnostics.Metrics;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Probing;
using Lifeline.Testing;

namespace Lifeline.Tests.Probing;

/// <summary>
/// A <see cref="ProbeScheduler"/> on a manual clock with a fake sender: it records every probe and ping, answers
/// them as <see cref="Answer"/> says (after a delay, with a failure, or never), and steps the clock one tick at a
/// time, running the scheduler after each step as the service's loop would.
/// </summary>
internal sealed class SchedulerHarness : IProbeSender
{
    private readonly List<(TimeSpan Due, Action Deliver)> _pending = [];
    private readonly Dictionary<string, bool> _outstanding = new(StringComparer.Ordinal);
    private readonly bool _applyToBoard;

    public SchedulerHarness(HealthOptions? health = null, ProbingOptions? options = null, bool applyToBoard = true, int seed = 1, IMeterFactory? meters = null)
    {
        _applyToBoard = applyToBoard;
        Board = new HealthBoard(health ?? new HealthOptions(), Clock);
        Options = options ?? new ProbingOptions { MaxRate = 1_000_000 };
        Scheduler = new ProbeScheduler(Board, OnSignal, Clock, Options, OnMinute, meters, random: new Random(seed));
        Scheduler.Attach(this);
    }

    public ManualTimeProvider Clock { get; } = new();

    public HealthBoard Board { get; }

    public ProbingOptions Options { get; }

    public ProbeScheduler Scheduler { get; }

    /// <summary>Every probe sent: target, clock time, the target's health when it went, the ticket.</summary>
    public List<SentProbe> Probes { get; } = [];

    /// <summary>Every CRLF ping: target and clock time.</summary>
    public List<(string Target, TimeSpan At)> Pings { get; } = [];

    public List<(string Target, Signal Signal)> Signals { get; } = [];

    public List<ProbeMinute> Minutes { get; } = [];

    /// <summary>Probes sent while the previous one to the same target was still out (must stay 0).</summary>
    public int Overlaps { get; private set; }

    /// <summary>How each probe is answered; default: 200 after 20 ms.</summary>
    public Func<ProbeTarget, ProbeAnswer> Answer { get; set; } = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(20));

    /// <summary>How pings are answered: a pong after this long, or null for none.</summary>
    public TimeSpan? PongAfter { get; set; } = TimeSpan.FromMilliseconds(15);

    public ProbeTarget Add(string gateway, string trunk = "carrier", ProbeSettings? settings = null)
    {
        var spec = new ProbeTargetSpec(ProbeTargetSpec.IdOf(trunk, gateway), trunk, gateway, settings ?? ProbeSettings.Default);
        Scheduler.Add(spec, out var error).ShouldBeTrue(error);
        return Scheduler.Find(spec.Id)!;
    }

    /// <summary>Steps the clock tick by tick for <paramref name="duration"/>, delivering due answers, then running the scheduler.</summary>
    public void Run(TimeSpan duration)
    {
        var end = Clock.Elapsed + duration;
        while (Clock.Elapsed < end)
        {
            Clock.Advance(Options.Tick);
            Deliver();
            Scheduler.RunDue();
        }
    }

    public void Run(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    public void SendProbe(ProbeTarget target, in ProbeTicket ticket)
    {
        if (_outstanding.GetValueOrDefault(target.Id))
        {
            Overlaps++;
        }

        _outstanding[target.Id] = true;
        Probes.Add(new SentProbe(target.Id, Clock.Elapsed, Board.Current.HealthOf(target.Id) ?? TargetHealth.Up, ticket));
        var answer = Answer(target);
        var index = ticket.Index;
        var token = ticket.Token;
        if (answer.Failure is { } failure)
        {
            Scheduler.Failed(index, token, failure);
        }
        else if (answer.Delay is { } delay)
        {
            _pending.Add((Clock.Elapsed + delay, () => Scheduler.Answered(index, token, Clock.GetTimestamp(), answer.Code)));
        }
    }

    public void SendKeepAlive(ProbeTarget target)
    {
        Pings.Add((target.Id, Clock.Elapsed));
        if (PongAfter is { } delay)
        {
            var remote = target.EndPoint;
            _pending.Add((Clock.Elapsed + delay, () => Scheduler.PongReceived(remote, Clock.GetTimestamp())));
        }
    }

    public void Forget(ProbeTarget target) => _outstanding.Remove(target.Id);

    /// <summary>Gaps between consecutive probes of one target.</summary>
    public List<TimeSpan> GapsOf(string targetId)
    {
        var gaps = new List<TimeSpan>();
        TimeSpan? last = null;
        foreach (var probe in Probes)
        {
            if (probe.Target != targetId)
            {
                continue;
            }

            if (last is { } previous)
            {
                gaps.Add(probe.At - previous);
            }

            last = probe.At;
        }

        return gaps;
    }

    private bool OnSignal(string targetId, int slot, in Signal signal)
    {
        _outstanding[targetId] = false;
        Signals.Add((targetId, signal));
        slot.ShouldBe(Board.SlotOf(targetId), "the slot the scheduler passes is the target's slot on the board");
        if (_applyToBoard)
        {
            // The daemon's path: by slot once the board knows the target (after its first signal, or tracked before).
            _ = slot >= 0 ? Board.Apply(slot, signal) : Board.Apply(targetId, signal);
        }

        return true;
    }

    private bool OnMinute(ProbeMinute minute)
    {
        Minutes.Add(minute);
        return true;
    }

    private void Deliver()
    {
        var now = Clock.Elapsed;
        for (var i = 0; i < _pending.Count;)
        {
            if (_pending[i].Due <= now)
            {
                var deliver = _pending[i].Deliver;
                _pending.RemoveAt(i);
                deliver();
            }
            else
            {
                i++;
            }
        }
    }
}
