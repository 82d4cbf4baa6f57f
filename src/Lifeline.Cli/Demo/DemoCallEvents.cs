using System.Globalization;

namespace Lifeline.Cli.Demo;

/// <summary>
/// Turns the stream of calls into a few sentences a person can follow: failovers gathered into at most one line a
/// second ("5 calls failed over from dies to steady, worst added delay 412 ms"), the moment no call tries a failing
/// trunk any more, and the first call a trunk answers again afterwards. Pure apart from its own state: fed the new
/// calls and the time by one thread (the view's), so it takes no lock.
/// </summary>
internal sealed class DemoCallEvents
{
    /// <summary>At most one failover line this often; and how long no call must try a failing trunk before it counts as skipped.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A failing trunk no call has tried for this long is out of the plans. Shorter would be fooled by the proxy's
    /// trial calls: a quiet gateway still gets one call a second until it is Down.
    /// </summary>
    public static readonly TimeSpan SkippedAfter = TimeSpan.FromSeconds(3);

    private readonly List<DemoCallEvent> _events = [];
    private readonly List<DemoCall> _batch = [];
    private readonly Dictionary<string, DemoTrunkAway> _away = new(StringComparer.Ordinal);
    private readonly List<string> _awayOrder = [];
    private TimeSpan? _lastLine;
    private TimeSpan _latestPlaced;

    /// <summary>Every event so far, oldest first.</summary>
    public IReadOnlyList<DemoCallEvent> All => _events;

    /// <summary>
    /// Takes the calls listed since the last update; returns the events they make now. <paramref name="direct"/> is the
    /// setup of a direct answer, for the added delay. <paramref name="flush"/> (at the end) describes pending failovers
    /// even if the last line is less than a second old.
    /// </summary>
    public IReadOnlyList<DemoCallEvent> Update(IReadOnlyList<DemoCall> fresh, TimeSpan now, TimeSpan direct, bool flush = false)
    {
        var start = _events.Count;
        foreach (var call in fresh)
        {
            Observe(call, now);
        }

        var skipped = false;
        foreach (var trunk in _awayOrder)
        {
            skipped |= !_away[trunk].Skipped && _latestPlaced - _away[trunk].LastTried >= SkippedAfter;
        }

        // Failovers still gathered happened before a trunk was skipped: they are told first, whatever the pace.
        if (_batch.Count > 0 && (flush || skipped || _lastLine is not { } last || now - last >= Every))
        {
            _events.Add(new DemoCallEvent(now, Describe(_batch, direct)));
            _batch.Clear();
            _lastLine = now;
        }

        foreach (var trunk in _awayOrder)
        {
            var away = _away[trunk];
            if (!away.Skipped && _latestPlaced - away.LastTried >= SkippedAfter)
            {
                away.Skipped = true;
                _events.Add(new DemoCallEvent(now, Invariant(
                    $"no call tries {trunk} any more: the last one that did was placed at {DemoText.At(away.LastTried)}, {DemoText.Seconds(away.LastTried - away.FirstFailover)} after the first failover from it")));
            }
        }

        return start == _events.Count ? [] : _events.GetRange(start, _events.Count - start);
    }

    /// <summary>The last <paramref name="count"/> events, oldest first.</summary>
    public IReadOnlyList<DemoCallEvent> Last(int count)
    {
        var start = Math.Max(0, _events.Count - count);
        return _events.GetRange(start, _events.Count - start);
    }

    /// <summary>"5 calls failed over from dies to steady; 1 call lost after trying dies and steady, worst added delay 412 ms".</summary>
    public static string Describe(IReadOnlyList<DemoCall> calls, TimeSpan direct)
    {
        var groups = new List<(string From, string? To, int Count)>();
        var worst = TimeSpan.Zero;
        foreach (var call in calls)
        {
            var from = string.Join(" and ", Failed(call));
            var to = Answering(call);
            var index = groups.FindIndex(g => g.From == from && g.To == to);
            if (index < 0)
            {
                groups.Add((from, to, 1));
            }
            else
            {
                groups[index] = (from, to, groups[index].Count + 1);
            }

            var added = DemoCallFigures.Added(call, direct);
            worst = added > worst ? added : worst;
        }

        var parts = new List<string>(groups.Count);
        foreach (var (from, to, count) in groups)
        {
            var calls1 = count == 1 ? "1 call" : Invariant($"{count} calls");
            parts.Add(to is not null
                ? Invariant($"{calls1} failed over from {from} to {to}")
                : from.Length > 0 ? Invariant($"{calls1} LOST after trying {from}") : Invariant($"{calls1} LOST"));
        }

        return string.Join("; ", parts) + ", worst added delay " + DemoText.Delay(worst);
    }

    private void Observe(DemoCall call, TimeSpan now)
    {
        if (call.PlacedAt > _latestPlaced)
        {
            _latestPlaced = call.PlacedAt;
        }

        if (call.FailedOver || !call.Answered)
        {
            _batch.Add(call);
        }

        foreach (var attempt in call.Tried)
        {
            if (!attempt.Answered)
            {
                if (!_away.TryGetValue(attempt.Trunk, out var away))
                {
                    _away[attempt.Trunk] = away = new DemoTrunkAway(call.PlacedAt);
                    _awayOrder.Add(attempt.Trunk);
                }

                away.LastTried = call.PlacedAt > away.LastTried ? call.PlacedAt : away.LastTried;
            }
            else if (_away.Remove(attempt.Trunk, out var away))
            {
                _awayOrder.Remove(attempt.Trunk);
                if (away.Skipped)
                {
                    _events.Add(new DemoCallEvent(now, Invariant(
                        $"traffic is back on {attempt.Trunk}: it answered a call placed at {DemoText.At(call.PlacedAt)}, the first since {DemoText.At(away.LastTried)}")));
                }
            }
        }
    }

    private static List<string> Failed(DemoCall call)
    {
        var trunks = new List<string>(call.Tried.Count);
        foreach (var attempt in call.Tried)
        {
            if (!attempt.Answered && !trunks.Contains(attempt.Trunk))
            {
                trunks.Add(attempt.Trunk);
            }
        }

        return trunks;
    }

    private static string? Answering(DemoCall call)
    {
        if (!call.Answered)
        {
            return null;
        }

        foreach (var attempt in call.Tried)
        {
            if (attempt.Answered)
            {
                return attempt.Trunk;
            }
        }

        return call.AnsweredBy ?? "a trunk";
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
