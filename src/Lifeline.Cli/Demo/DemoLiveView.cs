using Lifeline.Health;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo on a terminal: one row per gateway (what it does now, its health, since when, RTT, probes, flap
/// penalty), the last transitions with their reasons, and a legend of the states, redrawn a few times a second.
/// </summary>
internal static class DemoLiveView
{
    /// <summary>How many recent transitions the view lists.</summary>
    public const int RecentTransitions = 8;

    public static IRenderable Render(DemoSession session, TimeSpan duration)
    {
        var elapsed = session.Timeline.Elapsed;
        var options = session.Options;
        var header = new Markup(
            $"[bold]lifeline demo[/] — {session.Gateways.Count} simulated carrier gateways on 127.0.0.1, probed with SIP OPTIONS under the default health rules"
            + $"   [bold]{Markup.Escape(DemoText.At(elapsed))}[/] of {Markup.Escape(DemoText.Seconds(duration))}   [dim]Ctrl-C stops early[/]");
        return new Rows(header, Gateways(session.Status(), elapsed, options), Transitions(session.Log.Last(RecentTransitions), session.Gateways.Count), Legend(options));
    }

    /// <summary>A health state in its colour, e.g. "[green]Up[/]".</summary>
    public static string Health(TargetHealth health) => $"[{Colour(health)}]{health}[/]";

    private static Table Gateways(IReadOnlyList<DemoGatewayStatus> rows, TimeSpan elapsed, HealthOptions options)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Gateway");
        table.AddColumn("Behaviour (now)");
        table.AddColumn("Health");
        table.AddColumn(new TableColumn("For").RightAligned());
        table.AddColumn(new TableColumn("RTT smoothed / p99").RightAligned());
        table.AddColumn(new TableColumn("Probes sent / answered / lost").RightAligned());
        table.AddColumn(new TableColumn("Flap penalty").RightAligned());
        foreach (var row in rows)
        {
            var health = row.Health;
            var state = Health(health.Health);
            if (health.Damped)
            {
                state += $" [red](damped)[/]\n[dim]computed: {health.Computed}[/]";
            }
            else if (health.Health == TargetHealth.Recovering)
            {
                state += $"\n[dim]{Markup.Escape(DemoText.Percent(row.TrafficShare))} of new calls[/]";
            }

            var rtt = health.SmoothedRtt is { } srtt ? $"{DemoText.Ms(srtt)} / {DemoText.Ms(row.Rtt.P99)}" : "–";
            var penalty = row.Penalty < 0.5 ? "[dim]0[/]" : row.Penalty >= options.Damping.SuppressLevel || health.Damped
                ? $"[red]{DemoText.Number(row.Penalty)}[/]"
                : $"[yellow]{DemoText.Number(row.Penalty)}[/]";
            if (health.Damped && row.ReuseAt is { } reuse)
            {
                penalty += $"\n[dim]out until ≈{Markup.Escape(DemoText.At(reuse, decimals: false))}[/]";
            }

            table.AddRow(
                $"[bold]{Markup.Escape(row.Name)}[/]\n[dim]{Markup.Escape(row.Uri)}[/]",
                $"{Markup.Escape(row.Script.Behaviour)}\n{Phase(row.Script, elapsed)}",
                state,
                Markup.Escape(DemoText.Seconds(elapsed - row.Since)),
                Markup.Escape(rtt),
                $"{row.Sent} / {row.Answered} / {(row.Lost > 0 ? $"[yellow]{row.Lost}[/]" : "0")}",
                penalty);
        }

        return table;
    }

    private static Table Transitions(IReadOnlyList<DemoTransition> recent, int gateways)
    {
        var table = new Table().Border(TableBorder.Simple).Expand().Title("[bold]Last transitions[/] [dim](every one is written to the journal with its reason)[/]");
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
            $"{Health(TargetHealth.Up)} in service, probed every {Markup.Escape(HealthText.Duration(options.Intervals.Up))} · "
            + $"{Health(TargetHealth.Suspect)} a probe was missed, still in service, probed every {Markup.Escape(HealthText.Duration(options.Intervals.Suspect))} · "
            + $"{Health(TargetHealth.Down)} {Markup.Escape(down)}: out of service · "
            + $"{Health(TargetHealth.Recovering)} answering again: a rising share of calls until {options.Recovery.Successes} answers and {Markup.Escape(HealthText.Duration(options.Recovery.StableTime))} stable · "
            + $"[red](damped)[/] went Down too often: kept out until its penalty decays");
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
