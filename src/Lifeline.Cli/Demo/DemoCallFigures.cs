namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo's calls in figures, as the view and the summary state them. Pure: computed from the calls listed, so it
/// is tested without sockets. Placed = answered + lost + in flight.
/// </summary>
/// <param name="Calls">Every call listed (both halves in), in the order they were listed.</param>
/// <param name="CallsPerSecond">The dialer's rate.</param>
/// <param name="Placed">INVITEs the dialer sent.</param>
/// <param name="Answered">Calls the dialer got a 2xx for.</param>
/// <param name="Lost">Calls that ended without a 2xx (every carrier here answers: any of these is Lifeline's loss).</param>
/// <param name="InFlight">Calls placed and not ended yet.</param>
/// <param name="FailedOver">Calls the proxy sent to more than one trunk.</param>
/// <param name="Delayed">Calls whose setup took more than <see cref="DemoCallLog.DelayedAfter"/> beyond a direct answer.</param>
/// <param name="DelayedByFailover">Delayed calls that failed over; the others were delayed by the machine (a busy CPU).</param>
/// <param name="DirectSetup">The setup time of a direct answer (the median of calls answered by the first trunk tried).</param>
/// <param name="WorstAdded">The longest setup beyond <paramref name="DirectSetup"/> of a call that failed over: the delay failover added.</param>
/// <param name="WorstOther">The longest setup beyond <paramref name="DirectSetup"/> of a call that did not fail over: this machine's own delay.</param>
/// <param name="Trunks">Each trunk's counts, as the proxy keeps them, in the order the proxy tries them.</param>
internal sealed record DemoCallFigures(
    IReadOnlyList<DemoCall> Calls,
    double CallsPerSecond,
    long Placed,
    long Answered,
    long Lost,
    long InFlight,
    long FailedOver,
    long Delayed,
    long DelayedByFailover,
    TimeSpan DirectSetup,
    TimeSpan WorstAdded,
    TimeSpan WorstOther,
    IReadOnlyList<DemoTrunkCalls> Trunks)
{
    public static DemoCallFigures Of(IReadOnlyList<DemoCall> calls, double callsPerSecond, long placed, IReadOnlyList<DemoTrunkCalls> trunks)
    {
        var direct = Direct(calls);
        long answered = 0, lost = 0, failedOver = 0, delayed = 0, delayedByFailover = 0;
        var worst = TimeSpan.Zero;
        var worstOther = TimeSpan.Zero;
        foreach (var call in calls)
        {
            if (call.Answered)
            {
                answered++;
            }
            else
            {
                lost++;
            }

            if (call.FailedOver)
            {
                failedOver++;
            }

            var added = Added(call, direct);
            if (added > DemoCallLog.DelayedAfter)
            {
                delayed++;
                delayedByFailover += call.FailedOver ? 1 : 0;
            }

            if (call.FailedOver && added > worst)
            {
                worst = added;
            }
            else if (!call.FailedOver && added > worstOther)
            {
                worstOther = added;
            }
        }

        return new DemoCallFigures(calls, callsPerSecond, placed, answered, lost, Math.Max(0, placed - calls.Count), failedOver, delayed, delayedByFailover, direct, worst, worstOther, trunks);
    }

    /// <summary>What a call's setup took beyond a direct answer (never negative).</summary>
    public static TimeSpan Added(DemoCall call, TimeSpan direct) => call.Setup > direct ? call.Setup - direct : TimeSpan.Zero;

    /// <summary>The median setup of answered calls the proxy sent to one trunk only; zero before there is any.</summary>
    public static TimeSpan Direct(IReadOnlyList<DemoCall> calls)
    {
        var setups = new List<TimeSpan>(calls.Count);
        foreach (var call in calls)
        {
            if (call.Answered && call.Tried.Count == 1)
            {
                setups.Add(call.Setup);
            }
        }

        if (setups.Count == 0)
        {
            return TimeSpan.Zero;
        }

        setups.Sort();
        return setups[setups.Count / 2];
    }

    /// <summary>Calls answered by each gateway (the dialer's view: the answer's Contact), by name.</summary>
    public IReadOnlyDictionary<string, long> AnsweredBy()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var call in Calls)
        {
            if (call.AnsweredBy is { } name)
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }
}
