using Lifeline.Health;

namespace Lifeline.Benchmarks.Health;

/// <summary>Lifeline's health board, observed through its transitions (Down = out of service, Up = full traffic back).</summary>
internal sealed class LifelineRule(string name) : IRuleObserver
{
    private DateTimeOffset _downSince;

    public string Name => name;

    public bool IsDown { get; private set; }

    public int Downs { get; private set; }

    public TimeSpan DownTime { get; private set; }

    public DateTimeOffset? LastDownAt { get; private set; }

    public DateTimeOffset? LastUpAt { get; private set; }

    public DateTimeOffset? FirstDown { get; private set; }

    public DateTimeOffset? FirstUp { get; private set; }

    public void Watch()
    {
        FirstDown = null;
        FirstUp = null;
    }

    public void Observe(IReadOnlyList<Transition> transitions)
    {
        foreach (var t in transitions)
        {
            if (t.To == TargetHealth.Down && !IsDown)
            {
                IsDown = true;
                _downSince = t.At;
                Downs++;
                LastDownAt = t.At;
                FirstDown ??= t.At;
            }
            else if (t.From == TargetHealth.Down && IsDown)
            {
                IsDown = false;
                DownTime += t.At - _downSince;
            }

            if (t.To == TargetHealth.Up)
            {
                LastUpAt = t.At;
                FirstUp ??= t.At;
            }
        }
    }

    public void Close(DateTimeOffset end)
    {
        if (IsDown)
        {
            DownTime += end - _downSince;
            _downSince = end;
        }
    }
}
