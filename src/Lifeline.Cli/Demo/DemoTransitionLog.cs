using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>
/// Every transition of the demo, in the order the board returned them, with the gateway's name for its target id
/// (<c>trunk/gateway-uri</c>). Probe results arrive on the prober's threads, call outcomes on the proxy's and board
/// ticks on the view's, so it takes a lock.
/// </summary>
internal sealed class DemoTransitionLog(DemoTimeline timeline, IReadOnlyDictionary<string, string> names)
{
    private readonly Lock _lock = new();
    private readonly List<DemoTransition> _all = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    public void Add(IReadOnlyList<Transition> transitions)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var transition in transitions)
            {
                var name = names.TryGetValue(transition.TargetId, out var known) ? known : transition.TargetId;
                _all.Add(DemoTransition.Of(transition, timeline, name));
            }
        }
    }

    /// <summary>The transitions from <paramref name="start"/> on (for printing the new ones).</summary>
    public IReadOnlyList<DemoTransition> From(int start)
    {
        lock (_lock)
        {
            return start >= _all.Count ? [] : _all.GetRange(start, _all.Count - start);
        }
    }

    /// <summary>The last <paramref name="count"/> transitions, oldest first.</summary>
    public IReadOnlyList<DemoTransition> Last(int count)
    {
        lock (_lock)
        {
            var start = Math.Max(0, _all.Count - count);
            return _all.GetRange(start, _all.Count - start);
        }
    }

    public IReadOnlyList<DemoTransition> All() => From(0);
}
