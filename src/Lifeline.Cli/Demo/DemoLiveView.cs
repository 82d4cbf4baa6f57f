using Lifeline.Health;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo on a terminal: one row per gateway (what it does now, its health, since when, RTT, probes, flap
/// penalty, calls its trunk carried), the calls (placed, answered, lost, failovers, added delay, the last call
/// events), the last transitions with their reasons, and a legend of the states, redrawn a few times a second.
/// </summary>
internal static class DemoLiveView
{
    /// <summary>How many recent transitions the view lists when the terminal is tall enough.</summary>
    public const int RecentTransitions = 8;

    /// <summary>How many recent call events the view lists.</summary>
    public const int RecentCallEvents = 3;

    /// <summary>
    /// As many recent transitions as fit under the gateways and the calls (two lines each, plus header, calls, legend
    /// and borders), between 2 and <see cref="RecentTransitions"/>: the gateways' rows matter most, so on a short
    /// terminal the list shrinks.
    /// </summary>
    public static int TransitionsThatFit(int height, int gateways)
    {
        // Header 3, gateways' table 2 a row and 4 more, calls 3 and 2 per event (they may wrap), transitions' frame 5, legend 3.
        var fixedLines = 3 + (2 * gateways) + 4 + 3 + (2 * RecentCallEvents) + 5 + 3;
        return Math.Clamp(height - fixedLines, 2, RecentTransitions);
    }

    /// <summary>The view now, for a terminal <paramref name="height"/> lines tall.</summary>
    public static IRenderable Render(DemoSession session, TimeSpan duration, int height)
    {
        var elapsed = session.Timeline.Elapsed;
        var options = session.Options;
        var header = new Markup(
            $"[bold]lifeline demo[/]  [bold]{Markup.Escape(DemoText.At(elapsed < duration ? elapsed : duration))}[/] of {Markup.Escape(DemoText.Seconds(duration))}  "
            + $"[dim]{session.Gateways.Count} simulated carriers on 127.0.0.1 (a trunk each) probed with OPTIONS; a simulated dialer places "
            + $"{Markup.Escape(DemoText.Number(session.CallsPerSecond))} calls/s through Lifeline's failover proxy; default rules · Ctrl-C stops early[/]");
        var recent = TransitionsThatFit(height, session.Gateways.Count);
        var calls = session.CallFigures();
        return new Rows(
            header,
            Gateways(session.Status(), elapsed, options),
            Calls(calls, session.CallEvents.Last(RecentCallEvents)),
            Transitions(session.Log.Last(recent), session.Gateways.Count),
            Legend(options));
    }

    /// <summary>
    /// The calls in three lines, then the last call events: "placed 412 · answered 398 · lost 0 · in flight 3", the
    /// calls each trunk carried and holds now in priority order, "failed over 97 · delayed 97 · worst added delay
    /// 431 ms (goal: at most 1 s)".
    /// </summary>
    public static IRenderable Calls(DemoCallFigures calls, IReadOnlyList<DemoCallEvent> recent)
    {
        var lost = calls.Lost == 0 ? "[green]lost 0[/]" : $"[bold red]LOST {calls.Lost}[/]";
        var trunks = string.Join(" · ", calls.Trunks.Select(t => $"{Markup.Escape(t.Trunk)} {t.Answered}/{(t.Active > 0 ? $"[bold]{t.Active}[/]" : "0")}"));
        var worst = calls.WorstAdded <= DemoSummary.DelayGoal
            ? $"worst added [bold]{Markup.Escape(DemoText.Delay(calls.WorstAdded))}[/] [dim](goal ≤ 1 s)[/]"
            : $"worst added [bold red]{Markup.Escape(DemoText.Delay(calls.WorstAdded))}[/] [red](over the 1 s goal)[/]";

        // Two columns, so that a long event wraps under its own text.
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(1)).AddColumn();
        grid.AddRow(new Markup("[bold]Calls[/]"), new Markup($"placed {calls.Placed} · answered {calls.Answered} · {lost} · in flight {calls.InFlight}"));
        grid.AddRow(new Markup("[bold]Trunks[/]"), new Markup($"[dim]carried/now[/] {trunks}"));
        grid.AddRow(new Markup("[bold]Failover[/]"), new Markup($"{calls.FailedOver} {(calls.FailedOver == 1 ? "call" : "calls")} · delayed {calls.Delayed} [dim](> {Markup.Escape(DemoText.Delay(DemoCallLog.DelayedAfter))})[/] · {worst}"));
        if (recent.Count == 0)
        {
            grid.AddRow(Text.Empty, new Markup("[dim]none yet: every call is answered by the first trunk tried[/]"));
        }

        for (var i = recent.Count - 1; i >= 0; i--)
        {
            grid.AddRow(new Markup($"[dim]{Markup.Escape(DemoText.At(recent[i].At))}[/]"), new Text(recent[i].Text));
        }

        return grid;
    }

    /// <summary>The summary after the run: the rules, a grid of gateway and story, the lesson.</summary>
    public static IRenderable Render(DemoSummaryReport summary)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var entry in summary.Gateways)
        {
            grid.AddRow(new Markup($"[bold]{Markup.Escape(entry.Gateway)}[/]"), new Text(string.Join('\n', entry.Sentences)));
        }

        var parts = new List<IRenderable> { new Rule("[bold]Summary[/]").LeftJustified(), new Text(summary.Header), Text.Empty, grid };
        if (summary.Takeaway is not null)
        {
            parts.Add(Text.Empty);
            parts.Add(new Markup($"[bold]{Markup.Escape(summary.Takeaway)}[/]"));
        }

        if (summary.Alarm is not null)
        {
            parts.Add(Text.Empty);
            parts.Add(new Markup($"[bold red]{Markup.Escape(summary.Alarm)}[/]"));
        }

        return new Rows(parts);
    }

    /// <summary>A health state in its colour, e.g. "[green]Up[/]".</summary>
    public static string Health(TargetHealth health) => $"[{Colour(health)}]{health}[/]";

    private static Table Gateways(IReadOnlyList<DemoGatewayStatus> rows, TimeSpan elapsed, HealthOptions options)
    {
        // Minimal borders and two lines a row keep the table within 80 columns.
        var table = new Table().Border(TableBorder.Minimal);
        table.AddColumn(new TableColumn("Gateway").NoWrap());
        table.AddColumn(new TableColumn("Behaviour\n[dim]now[/]").NoWrap());
        table.AddColumn(new TableColumn("Health\n[dim]for[/]").NoWrap());
        table.AddColumn(new TableColumn("RTT ms\n[dim]srtt/p99[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Probes\n[dim]sent/ok/lost[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Penalty").RightAligned().NoWrap());
        foreach (var row in rows)
        {
            var health = row.Health;
            var state = $"{Health(health.Health)}\n[dim]{Markup.Escape(DemoText.Seconds(elapsed - row.Since))}[/]";
            if (health.Health == TargetHealth.Recovering && !health.Damped)
            {
                state += $"\n[dim]{Markup.Escape(DemoText.Percent(row.TrafficShare))} calls[/]";
            }

            var rtt = health.SmoothedRtt is { } srtt ? $"{DemoText.Milliseconds(srtt)}/{DemoText.Milliseconds(row.Rtt.P99)}" : "–";
            var penalty = row.Penalty < 0.5 ? "[dim]0[/]" : row.Penalty >= options.Damping.SuppressLevel || health.Damped
                ? $"[red]{DemoText.Number(row.Penalty)}[/]"
                : $"[yellow]{DemoText.Number(row.Penalty)}[/]";
            if (health.Damped)
            {
                penalty += "\n[red]damped[/]";
            }

            table.AddRow(
                $"[bold]{Markup.Escape(row.Name)}[/]",
                $"{Markup.Escape(row.Script.Behaviour)}\n{Phase(row.Script, elapsed)}",
                state,
                Markup.Escape(rtt),
                $"{row.Sent}/{row.Answered}/{(row.Lost > 0 ? $"[yellow]{row.Lost}[/]" : "0")}",
                penalty);
        }

        return table;
    }

    private static Table Transitions(IReadOnlyList<DemoTransition> recent, int gateways)
    {
        var table = new Table().Border(TableBorder.Simple).Title("[bold]Last transitions[/] [dim](every one is written to the journal with its reason)[/]");
        table.AddColumn("When");
        table.AddColumn("Gateway");
        table.AddColumn("Change");
        table.AddColumn("Reason");
        if (recent.Count == 0)
        {
            table.AddRow("[dim]–[/]", string.Empty, string.Empty, $"[dim]none yet: all {gateways} gateways answer[/]");
        }

        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var t = recent[i];
            table.AddRow(
                Markup.Escape(DemoText.At(t.At)),
                Markup.Escape(t.Gateway),
                $"{Health(t.From)} → {Health(t.To)}",
                Markup.Escape(t.Reason));
        }

        return table;
    }

    private static Markup Legend(HealthOptions options)
    {
        var down = options.Probes.Detector == FailureDetectors.Consecutive
            ? $"{options.Probes.Consecutive.Failures} probes missed in a row"
            : $"the {options.Probes.Detector} detector decided";
        return new Markup(
            $"{Health(TargetHealth.Up)} in service, probed every {Markup.Escape(DemoText.Duration(options.Intervals.Up))} · "
            + $"{Health(TargetHealth.Suspect)} a probe was missed, still in service, probed every {Markup.Escape(DemoText.Duration(options.Intervals.Suspect))} · "
            + $"{Health(TargetHealth.Down)} {Markup.Escape(down)}: out of service · "
            + $"{Health(TargetHealth.Recovering)} answering again: a rising share of calls until {options.Recovery.Successes} answers and {Markup.Escape(DemoText.Duration(options.Recovery.StableTime))} stable · "
            + "[red]damped[/] (under Penalty) went Down too often: kept out until its penalty decays");
    }

    private static string Phase(DemoScript script, TimeSpan elapsed)
    {
        var phase = Markup.Escape(script.PhaseAt(elapsed));
        return script.SilenceAt(elapsed) is not null ? $"[red]{phase}[/]" : script.LossRate > 0 ? $"[yellow]{phase}[/]" : $"[green]{phase}[/]";
    }

    private static string Colour(TargetHealth health) => health switch
    {
        TargetHealth.Up => "green",
        TargetHealth.Suspect => "yellow",
        TargetHealth.Down => "red",
        TargetHealth.Recovering => "deepskyblue1",
        _ => "grey",
    };
}
