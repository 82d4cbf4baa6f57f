using Lifeline.Health;
using Lifeline.Testing;

namespace Lifeline.Tests.Health;

/// <summary>A board on a manual clock, with one-line helpers to feed it signals and record its transitions.</summary>
internal sealed class HealthDriver
{
    public const string Gw = "gw1";

    public HealthDriver(HealthOptions? options = null)
    {
        Board = new HealthBoard(options ?? new HealthOptions(), Clock);
    }

    public ManualTimeProvider Clock { get; } = new();

    public HealthBoard Board { get; }

    public List<Transition> Transitions { get; } = [];

    public DateTimeOffset Now => Clock.GetUtcNow();

    public TargetHealth Health(string id = Gw) => Board.Current.HealthOf(id) ?? throw new InvalidOperationException("unknown target " + id);

    public IReadOnlyList<Transition> Answer(double after = 0, double rttMs = 20, string id = Gw) =>
        Send(id, after, now => Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(rttMs)));

    public IReadOnlyList<Transition> Miss(double after = 0, double timeoutMs = 200, string id = Gw) =>
        Send(id, after, now => Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(timeoutMs)));

    public IReadOnlyList<Transition> CallAnswered(double after = 0, string id = Gw) => Send(id, after, now => Signal.CallAnswered(now));

    public IReadOnlyList<Transition> CallFailed(int code = 503, double after = 0, string id = Gw) => Send(id, after, now => Signal.CallCarrierFailure(now, code));

    public IReadOnlyList<Transition> CallTimedOut(double after = 0, string id = Gw) => Send(id, after, now => Signal.CallTimedOut(now, TimeSpan.FromSeconds(2)));

    public IReadOnlyList<Transition> Send(string id, double after, Func<DateTimeOffset, Signal> make)
    {
        Clock.Advance(TimeSpan.FromSeconds(after));
        return Record(Board.Apply(id, make(Now)));
    }

    public IReadOnlyList<Transition> Tick(double after = 0)
    {
        Clock.Advance(TimeSpan.FromSeconds(after));
        return Record(Board.Tick());
    }

    /// <summary>Misses in a row, <paramref name="every"/> seconds apart (the first right away).</summary>
    public IReadOnlyList<Transition> Misses(int count, double every = 0.5, string id = Gw)
    {
        var all = new List<Transition>();
        for (var i = 0; i < count; i++)
        {
            all.AddRange(Miss(i == 0 ? 0 : every, id: id));
        }

        return all;
    }

    /// <summary>Takes a target Down with 8 missed probes (default options).</summary>
    public void GoDown(string id = Gw)
    {
        Answer(id: id);
        Misses(8, id: id);
        if (Health(id) != TargetHealth.Down)
        {
            throw new InvalidOperationException("target did not go down: " + Health(id));
        }
    }

    public IReadOnlyList<Transition> Record(IReadOnlyList<Transition> transitions)
    {
        Transitions.AddRange(transitions);
        return transitions;
    }
}
