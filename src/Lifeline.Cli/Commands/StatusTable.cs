using System.Globalization;
using Lifeline.Cli.Api;
using Lifeline.Health;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

/// <summary>Renders <c>GET /api/status</c> as a table: one row per gateway, health coloured.</summary>
internal static class StatusTable
{
    public static void Write(StatusResponse status, TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,

            // Colour for a person at a terminal; plain text for pipes, files and scripts.
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!console.Profile.Out.IsTerminal)
        {
            // Piped or captured: do not wrap ids and reasons at 80 columns.
            console.Profile.Width = 240;
        }

        var self = status.SelfHealth;
        console.MarkupLine(self.State == "Healthy"
            ? "Self-health: [green]Healthy[/]"
            : $"Self-health: [red]{Markup.Escape(self.State)}[/] since {Ago(status.At, self.Since)}: {Markup.Escape(self.Reason ?? string.Empty)}");
        console.MarkupLine(status.Journal.Ok
            ? $"Journal: [green]ok[/] ({Markup.Escape(status.Journal.Path)})"
            : $"Journal: [red]failing[/] ({Markup.Escape(status.Journal.Path)}): {Markup.Escape(status.Journal.LastFailure ?? string.Empty)}");

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Trunk");
        table.AddColumn("Gateway");
        table.AddColumn("Health");
        table.AddColumn("Since");
        table.AddColumn(new TableColumn("Share").RightAligned());
        table.AddColumn(new TableColumn("RTT ms (srtt/p50/p99)").RightAligned());
        table.AddColumn("Last change");
        foreach (var trunk in status.Trunks)
        {
            var first = true;
            foreach (var gateway in trunk.Gateways)
            {
                table.AddRow(
                    first ? Markup.Escape(trunk.Name) + (trunk.Enabled ? string.Empty : " [grey](disabled)[/]") : string.Empty,
                    Markup.Escape(gateway.Uri),
                    Coloured(gateway.Health),
                    gateway.Since is { } since ? Ago(status.At, since) : "-",
                    gateway.TrafficShare.ToString("0%", CultureInfo.InvariantCulture),
                    Rtt(gateway.Rtt),
                    gateway.LastTransition is { } last ? Markup.Escape($"{last.From} -> {last.To}: {last.Reason}") : "-");
                first = false;
            }
        }

        console.Write(table);
    }

    private static string Coloured(string health) => health switch
    {
        nameof(TargetHealth.Up) => "[green]Up[/]",
        nameof(TargetHealth.Suspect) => "[yellow]Suspect[/]",
        nameof(TargetHealth.Down) => "[red]Down[/]",
        nameof(TargetHealth.Recovering) => "[blue]Recovering[/]",
        nameof(TargetHealth.Drained) => "[magenta]Drained[/]",
        nameof(TargetHealth.Disabled) => "[grey]Disabled[/]",
        _ => Markup.Escape(health),
    };

    private static string Rtt(RttStatus? rtt)
    {
        if (rtt is null || rtt.SmoothedMs is null)
        {
            return "-";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{rtt.SmoothedMs:0.#}/{rtt.P50Ms:0.#}/{rtt.P99Ms:0.#}");
    }

    private static string Ago(DateTimeOffset now, DateTimeOffset since) => HealthText.Duration(now - since) + " ago";
}
