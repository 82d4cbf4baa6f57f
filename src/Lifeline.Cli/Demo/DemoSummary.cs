using System.Globalization;
using System.Text;
using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The end of the demo in words a newcomer can follow: for each gateway what it did, what Lifeline decided, how
/// long that took and why, with the numbers the rules predict next to the measured ones; then the calls — placed,
/// answered, lost, delayed, per trunk, and how fast traffic left the dead primary and came back. Pure: built from
/// the transitions, the final rows and the calls, so it is tested without sockets.
/// </summary>
internal static class DemoSummary
{
    /// <summary>The name the calls' entry goes under, beside the gateways' names.</summary>
    public const string CallsEntry = "calls";

    /// <summary>The product's promise: a dead carrier delays a call by at most this much.</summary>
    public static readonly TimeSpan DelayGoal = TimeSpan.FromSeconds(1);

    public static DemoSummaryReport Build(HealthOptions options, TimeSpan ranFor, IReadOnlyList<DemoGatewayStatus> gateways, IReadOnlyList<DemoTransition> transitions, DemoCallFigures? calls = null)
    {
        var entries = new List<DemoSummaryEntry>(gateways.Count);
        var takeaways = new List<string>();
        foreach (var gateway in gateways)
        {
            var own = Of(transitions, gateway.Name);
            var story = gateway.Script.Kind switch
            {
                DemoScriptKind.DiesAndComesBack => Dies(options, ranFor, gateway, own, takeaways),
                DemoScriptKind.Lossy => Lossy(options, gateway, own, takeaways),
                DemoScriptKind.Flapping => Flapping(options, ranFor, gateway, own, takeaways),
                _ => Steady(gateway, own),
            };
            if (own.Count > 0 && gateway.Script.Kind != DemoScriptKind.Lossy)
            {
                var down = TimeDown(own, ranFor);
                var time = down > TimeSpan.Zero ? "Down for " + DemoText.Seconds(down) + " in all" : "never Down";
                story.Add(Invariant($"path {Path(own)}; {Count(own.Count, "transition")}; {time}."));
            }

            if (gateway.Health.Counters.HeldBySelfHealth > 0)
            {
                // On a starved machine the self-health gate holds Downs back; say so, or the times look wrong.
                story.Add(Invariant($"held back from Down {Times((int)gateway.Health.Counters.HeldBySelfHealth)} by the self-health gate: Lifeline suspected its own machine (its timers ran late, or most gateways failed at once)."));
            }

            entries.Add(new DemoSummaryEntry(gateway.Name, story));
        }

        string? alarm = null;
        if (calls is not null)
        {
            entries.Add(new DemoSummaryEntry(CallsEntry, Calls(calls, gateways, transitions, takeaways)));
            alarm = Alarm(calls);
        }

        var takeaway = takeaways.Count > 0 ? "In short: " + string.Join("; ", takeaways) + "." : null;
        return new DemoSummaryReport(Invariant($"Summary after {DemoText.Seconds(ranFor)}. {Rules(options)}"), entries, takeaway, alarm);
    }

    /// <summary>The calls in a few sentences: totals, lost, delay, failovers, per trunk, traffic off the primary and back.</summary>
    public static List<string> Calls(DemoCallFigures calls, IReadOnlyList<DemoGatewayStatus> gateways, IReadOnlyList<DemoTransition> transitions, List<string> takeaways)
    {
        var lines = new List<string>();
        var inFlight = calls.InFlight == 0 ? string.Empty : Invariant($", {calls.InFlight} still in flight at the end");
        lines.Add(Invariant($"{Count(calls.Placed, "call")} placed ({DemoText.Number(calls.CallsPerSecond)} a second) through Lifeline's proxy: {calls.Answered} answered, {calls.Lost} lost{inFlight}."));
        if (calls.Placed == 0)
        {
            return lines;
        }

        lines.Add(calls.Lost == 0
            ? Invariant($"lost: 0 — every call that ended was answered, whatever the carriers did.")
            : Invariant($"LOST: {Count(calls.Lost, "call")} ended without an answer (see below) — Lifeline promises 0."));
        var direct = Invariant($"setup more than {DemoText.Delay(DemoCallLog.DelayedAfter)} beyond a direct answer's {DemoText.Ms(calls.DirectSetup)}");
        var goal = calls.WorstAdded <= DelayGoal ? "the goal: at most 1 s" : "OVER the goal of at most 1 s";
        var split = calls.Delayed == calls.DelayedByFailover || calls.Delayed == 0
            ? string.Empty
            : Invariant($": {calls.DelayedByFailover} by a failover, {calls.Delayed - calls.DelayedByFailover} by this machine (no failover, up to {DemoText.Delay(calls.WorstOther)}: a busy CPU, or code run for the first time)");
        lines.Add(Invariant($"{Count(calls.Delayed, "call")} delayed ({direct}){split}; worst added delay by a failover {DemoText.Delay(calls.WorstAdded)} ({goal})."));
        if (calls.FailedOver > 0)
        {
            var paths = Paths(calls.Calls);
            lines.Add(Invariant($"{Count(calls.FailedOver, "call")} failed over (the proxy tried a second trunk): {paths}."));
        }

        var carried = string.Join(", ", calls.Trunks.Select(t => Invariant($"{t.Trunk} {t.Answered}")));
        lines.Add(Invariant($"calls carried per trunk (priority order): {carried}."));
        lines.AddRange(OffAndBack(calls, gateways, transitions));

        var worst = calls.Delayed == 0 ? "none was delayed" : Invariant($"none waited more than {DemoText.Delay(calls.WorstAdded)} longer than usual");
        takeaways.Add(calls.Lost == 0 ? Invariant($"of {Count(calls.Placed, "call")} not one was lost, and {worst}") : Invariant($"{Count(calls.Lost, "call")} of {calls.Placed} LOST"));
        return lines;
    }

    /// <summary>A loud line when any call was lost; null when none was.</summary>
    public static string? Alarm(DemoCallFigures calls)
    {
        if (calls.Lost == 0)
        {
            return null;
        }

        var codes = calls.Calls.Where(c => !c.Answered).GroupBy(c => c.Code).OrderBy(g => g.Key)
            .Select(g => Invariant($"{g.Count()} × {(g.Key == 0 ? "no response at all" : g.Key.ToString(CultureInfo.InvariantCulture))}"));
        return Invariant($"!!! {Count(calls.Lost, "CALL")} LOST ({string.Join(", ", codes)}): Lifeline promises zero lost calls. This is a bug, or this machine was starved; please report it with this output.");
    }

    /// <summary>"dies → steady 97, dies and steady → lossy 1".</summary>
    private static string Paths(IReadOnlyList<DemoCall> calls)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var call in calls)
        {
            if (!call.FailedOver)
            {
                continue;
            }

            var failed = call.Tried.Where(a => !a.Answered).Select(a => a.Trunk).Distinct();
            var answered = call.Tried.Any(a => a.Answered) ? call.Tried.First(a => a.Answered).Trunk : "nobody";
            var path = string.Join(" and ", failed) + " → " + answered;
            if (counts.TryGetValue(path, out var n))
            {
                counts[path] = n + 1;
            }
            else
            {
                counts[path] = 1;
                order.Add(path);
            }
        }

        return string.Join(", ", order.Select(p => Invariant($"{p} {counts[p]}")));
    }

    /// <summary>How fast calls stopped trying the gateway that died, and how fast they came back to it.</summary>
    private static List<string> OffAndBack(DemoCallFigures calls, IReadOnlyList<DemoGatewayStatus> gateways, IReadOnlyList<DemoTransition> transitions)
    {
        var lines = new List<string>();
        var primary = gateways.FirstOrDefault(g => g.Script.Kind == DemoScriptKind.DiesAndComesBack && g.Script.Silences.Count > 0);
        if (primary is null)
        {
            return lines;
        }

        var silence = primary.Script.Silences[0];
        var name = primary.Name;
        TimeSpan? lastTry = null;
        var tried = 0;
        TimeSpan? firstBack = null;
        foreach (var call in calls.Calls)
        {
            foreach (var attempt in call.Tried)
            {
                if (attempt.Trunk != name)
                {
                    continue;
                }

                if (!attempt.Answered && call.PlacedAt < silence.End)
                {
                    tried++;
                    lastTry = lastTry is { } t && t > call.PlacedAt ? t : call.PlacedAt;
                }
                else if (attempt.Answered && call.PlacedAt >= silence.End && (firstBack is not { } b || call.PlacedAt < b))
                {
                    firstBack = call.PlacedAt;
                }
            }
        }

        if (lastTry is not { } last)
        {
            return lines;
        }

        lines.Add(Invariant($"traffic off {name}: {Count(tried, "call")} tried it while it was silent, the last placed at {DemoText.At(last)}, {DemoText.Seconds(last - silence.Start)} after it went silent; later calls went straight to the next trunk."));
        if (firstBack is not { } back)
        {
            return lines;
        }

        var up = Of(transitions, name).Find(t => t.To == TargetHealth.Up && t.At >= silence.End);
        var full = up is null ? string.Empty : Invariant($"; all of it from {DemoText.At(up.At)}, when {name} was Up again");
        lines.Add(Invariant($"traffic back on {name}: the first call it answered was placed at {DemoText.At(back)}, {DemoText.Seconds(back - silence.End)} after it answered again (a share of calls while Recovering){full}."));
        return lines;
    }

    /// <summary>The rules in one sentence, with the numbers of <paramref name="options"/>.</summary>
    public static string Rules(HealthOptions options)
    {
        var down = options.Probes.Detector == FailureDetectors.Consecutive
            ? Invariant($"Down after {options.Probes.Consecutive.Failures} misses in a row")
            : Invariant($"Down when the {options.Probes.Detector} detector says so");
        var damping = options.Damping.Enabled
            ? Invariant($"each Down adds a flap penalty of {DemoText.Number(options.Damping.Penalty)} that halves every {DemoText.Duration(options.Damping.HalfLife)}, and at {DemoText.Number(options.Damping.SuppressLevel)} a gateway is damped (kept out until it decays below {DemoText.Number(options.Damping.ReuseLevel)})")
            : "flap damping off";
        return Invariant(
            $"The rules (Lifeline's defaults): a probe every {DemoText.Duration(options.Intervals.Up)}, every {DemoText.Duration(options.Intervals.Suspect)} while Suspect; {down}; back Up after {options.Recovery.Successes} answers in a row and {DemoText.Duration(options.Recovery.StableTime)} stable; {damping}.");
    }

    private static List<string> Steady(DemoGatewayStatus gateway, List<DemoTransition> own)
    {
        var probes = Invariant($"{gateway.Answered} of {Count(gateway.Answered + gateway.Lost, "probe")} answered");
        var rtt = gateway.Health.SmoothedRtt is { } srtt ? Invariant($", RTT {DemoText.Ms(srtt)} (p99 {DemoText.Ms(gateway.Rtt.P99)})") : string.Empty;
        return own.Count == 0
            ? [Invariant($"Up the whole time: {probes}{rtt}; 0 transitions.")]
            : [Invariant($"{probes}{rtt}.")];
    }

    private static List<string> Dies(HealthOptions options, TimeSpan ranFor, DemoGatewayStatus gateway, List<DemoTransition> own, List<string> takeaways)
    {
        var silence = gateway.Script.Silences[0];
        if (ranFor < silence.Start)
        {
            return [Invariant($"answered throughout: the demo ended before its silence at {DemoText.At(silence.Start, decimals: false)} (run it longer).")];
        }

        var lines = new List<string>();
        var down = own.Find(t => t.To == TargetHealth.Down && t.At >= silence.Start);
        if (down is null)
        {
            lines.Add(Invariant($"went silent at {DemoText.At(silence.Start)} and was not Down yet when the demo ended."));
            return lines;
        }

        var detection = down.At - silence.Start;
        var timeout = down.ProbeTimeout ?? gateway.ProbeTimeout;
        var worst = HealthMath.WorstCaseDetection(options, timeout);
        var bound = worst is { } w ? Invariant($" (worst case {DemoText.Seconds(w)} with its {HealthText.Duration(timeout)} probe timeout)") : string.Empty;
        lines.Add(Invariant($"went silent at {DemoText.At(silence.Start)} and was Down at {DemoText.At(down.At)}: detected in {DemoText.Seconds(detection)}{bound}."));
        if (worst is { } limit && detection - limit >= TimeSpan.FromMilliseconds(50))
        {
            // The bound is the rules' arithmetic; a busy machine adds its timer and scheduling delays on top.
            lines.Add(Invariant($"the extra {HealthText.Duration(detection - limit)} over the worst case is this machine's timer and scheduling delay."));
        }

        takeaways.Add(Invariant($"a dead gateway was out of service {DemoText.Seconds(detection)} after it went silent"));
        if (ranFor < silence.End)
        {
            lines.Add("still silent when the demo ended.");
            return lines;
        }

        var recovering = own.Find(t => t.To == TargetHealth.Recovering && t.At >= down.At);
        var up = recovering is null ? null : own.Find(t => t.To == TargetHealth.Up && t.At >= recovering.At);
        var back = Invariant($"answered again at {DemoText.At(silence.End)}");
        var rule = Invariant($"{options.Recovery.Successes} answers in a row and {DemoText.Duration(options.Recovery.StableTime)} stable, so never less than {DemoText.Duration(HealthMath.ShortestFailBack(options))}");
        if (recovering is null)
        {
            lines.Add(back + ", but was not Recovering yet when the demo ended.");
        }
        else if (up is null)
        {
            lines.Add(Invariant($"{back}, Recovering at {DemoText.At(recovering.At)}; not Up yet when the demo ended ({rule})."));
        }
        else
        {
            lines.Add(Invariant($"{back}, Recovering at {DemoText.At(recovering.At)}, Up at {DemoText.At(up.At)}: failed back in {DemoText.Seconds(up.At - silence.End)} ({rule})."));
            takeaways.Add(Invariant($"when it came back it proved itself for {DemoText.Duration(up.At - recovering.At)} before taking full traffic again"));
        }

        return lines;
    }

    private static List<string> Lossy(HealthOptions options, DemoGatewayStatus gateway, List<DemoTransition> own, List<string> takeaways)
    {
        var downs = own.Count(t => t.To == TargetHealth.Down);
        var blips = own.Count(t => t.From == TargetHealth.Up && t.To == TargetHealth.Suspect);
        var completed = gateway.Answered + gateway.Lost;
        var loss = Invariant($"{DemoText.Percent(gateway.LossRate)} probe loss ({gateway.Lost} of {Count(completed, "probe")} lost)");
        if (downs > 0)
        {
            return [Invariant($"{Count(downs, "Down transition")} at {loss}: a run of misses long enough to decide Down.")];
        }

        if (gateway.Lost == 0)
        {
            return [Invariant($"no probe lost yet ({gateway.Answered} answered): run the demo longer to see its loss.")];
        }

        var lines = new List<string>
        {
            Invariant($"0 Down transitions despite {loss}: {Count(blips, "Suspect blip")}, {(blips == 1 ? "ended" : "each ended")} by the next answer."),
        };
        if (options.Probes.Detector == FailureDetectors.Consecutive && gateway.LossRate > 0)
        {
            var perDay = HealthMath.ExpectedFalseDownsPerDay(options, gateway.LossRate, gateway.ProbeTimeout);
            lines.Add(Invariant($"Down needs {options.Probes.Consecutive.Failures} misses in a row; with {DemoText.Percent(gateway.LossRate)} random loss that would happen {Rarity(perDay)}."));
        }

        takeaways.Add(Invariant($"{DemoText.Percent(gateway.LossRate)} packet loss never took a gateway out"));
        return lines;
    }

    private static List<string> Flapping(HealthOptions options, TimeSpan ranFor, DemoGatewayStatus gateway, List<DemoTransition> own, List<string> takeaways)
    {
        var downs = own.FindAll(t => t.To == TargetHealth.Down);
        if (gateway.Script.Silences.Count > 0 && ranFor < gateway.Script.Silences[0].Start)
        {
            return [Invariant($"answered throughout: the demo ended before it started flapping at {DemoText.At(gateway.Script.Silences[0].Start, decimals: false)} (run it longer).")];
        }

        if (downs.Count == 0)
        {
            return ["did not go Down before the demo ended."];
        }

        var times = string.Join(", ", downs.Select(t => DemoText.At(t.At)));
        var damping = options.Damping;
        var dampedAt = downs.FindIndex(t => t.Penalty >= damping.SuppressLevel);
        if (!damping.Enabled || dampedAt < 0)
        {
            var peak = downs.Max(t => t.Penalty);
            return [Invariant($"went Down {Times(downs.Count)} ({times}); not damped: its penalty peaked at {DemoText.Number(peak)}, below {DemoText.Number(damping.SuppressLevel)}.")];
        }

        var damped = downs[dampedAt];
        var lines = new List<string>
        {
            Invariant($"went Down {Times(downs.Count)} ({times}) and was damped at the {Ordinal(dampedAt + 1)}: penalty {DemoText.Number(damped.Penalty)} reached {DemoText.Number(damping.SuppressLevel)}."),
        };
        if (gateway.Health.Damped)
        {
            var calm = ranFor >= gateway.Script.StoryEnd
                ? Invariant($"answering steadily since {DemoText.At(gateway.Script.StoryEnd)}, yet kept out of service")
                : "still flapping, and kept out of service";
            var reuse = gateway.ReuseAt is { } at
                ? Invariant($", at about {DemoText.At(at, decimals: false)} ({HealthText.Duration(at - ranFor)} after the end of the demo)")
                : string.Empty;
            lines.Add(Invariant($"{calm}: its penalty ({DemoText.Number(gateway.Penalty)} now, halving every {DemoText.Duration(damping.HalfLife)}) must fall below {DemoText.Number(damping.ReuseLevel)}{reuse}."));
            var computedDowns = gateway.Health.Counters.Downs;
            if (computedDowns > downs.Count)
            {
                lines.Add(Invariant($"it went Down {Times((int)computedDowns)} in all; the Downs while damped are not published (it was already out) but still add penalty."));
            }

            takeaways.Add("a flapping gateway is held out of service until it calms down");
        }
        else
        {
            lines.Add(Invariant($"damping has been released; it is {gateway.Health.Health} now."));
        }

        return lines;
    }

    private static List<DemoTransition> Of(IReadOnlyList<DemoTransition> transitions, string name)
    {
        var own = new List<DemoTransition>();
        foreach (var transition in transitions)
        {
            if (transition.Gateway == name)
            {
                own.Add(transition);
            }
        }

        // Probe results and board ticks arrive on different threads: order by time for the story.
        own.Sort((a, b) => a.At.CompareTo(b.At));
        return own;
    }

    private static string Path(List<DemoTransition> own)
    {
        var path = new StringBuilder(own[0].From.ToString());
        foreach (var transition in own)
        {
            path.Append(" → ").Append(transition.To);
        }

        return path.ToString();
    }

    private static TimeSpan TimeDown(List<DemoTransition> own, TimeSpan end)
    {
        var total = TimeSpan.Zero;
        TimeSpan? since = null;
        foreach (var transition in own)
        {
            if (transition.To == TargetHealth.Down)
            {
                since ??= transition.At;
            }
            else if (since is { } start)
            {
                total += transition.At - start;
                since = null;
            }
        }

        return since is { } open && end > open ? total + (end - open) : total;
    }

    private static string Rarity(double perDay)
    {
        if (double.IsNaN(perDay) || perDay <= 0)
        {
            return "never";
        }

        if (perDay >= 1)
        {
            return Invariant($"about {perDay:0.#} times a day");
        }

        var days = 1 / perDay;
        return days >= 730 ? Invariant($"about once in {days / 365:0} years") : Invariant($"about once in {days:0} days");
    }

    private static string Count(long n, string noun) => Invariant($"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    private static string Times(int n) => n switch
    {
        1 => "once",
        2 => "twice",
        _ => Invariant($"{n} times"),
    };

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => Invariant($"{n}th"),
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
