using System.Globalization;
using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo without a terminal (a pipe, a test, <c>--no-live</c>): an introduction, one line per transition and
/// per call event (at most one failover line a second) as it happens, and the summary. Plain text, no ANSI codes,
/// easy to grep.
/// </summary>
internal sealed class DemoPlainView(TextWriter output)
{
    /// <summary>The name column's word for call events, beside the gateways' names.</summary>
    public const string CallsColumn = "calls";

    private int _printed;
    private int _eventsPrinted;

    public void Introduce(DemoSession session, TimeSpan duration)
    {
        var gateways = session.Gateways;
        output.WriteLine($"lifeline demo: {gateways.Count} simulated carrier gateways on 127.0.0.1, probed with SIP OPTIONS for {DemoText.Seconds(duration)} under Lifeline's default health rules.");
        var width = Width(gateways.Select(g => g.Script.Name));
        var uriWidth = Width(gateways.Select(g => g.Uri));
        foreach (var gateway in gateways)
        {
            output.WriteLine($"  {gateway.Script.Name.PadRight(width)}  {gateway.Uri.PadRight(uriWidth)}  {gateway.Script.Description}");
        }

        output.WriteLine(Calls(session));
        output.WriteLine("Transitions and calls (time since the start, gateway, from → to, reason; failovers at most one line a second):");
    }

    /// <summary>Prints the transitions and call events not printed yet.</summary>
    public void Update(DemoSession session)
    {
        var fresh = session.Log.From(_printed);
        _printed += fresh.Count;
        var width = NameWidth(session);
        foreach (var transition in fresh)
        {
            output.WriteLine(Line(transition, width));
        }

        var events = session.CallEvents.All;
        for (; _eventsPrinted < events.Count; _eventsPrinted++)
        {
            output.WriteLine(Line(events[_eventsPrinted], width));
        }
    }

    public void Summarize(IReadOnlyList<string> summary)
    {
        output.WriteLine();
        foreach (var line in summary)
        {
            output.WriteLine(line);
        }
    }

    /// <summary>
    /// "Calls: a simulated dialer places 20 calls a second (each held 1 s) through Lifeline's failover proxy on
    /// udp:127.0.0.1:40123, which tries the trunks in priority order: dies (1, the primary), steady (2) …".
    /// </summary>
    public static string Calls(DemoSession session)
    {
        var order = session.TrunkOrder;
        var trunks = string.Join(", ", order.Select((t, i) => i switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{t.Trunk} ({t.Priority}, the primary)"),
            1 => string.Create(CultureInfo.InvariantCulture, $"{t.Trunk} ({t.Priority}, its backup)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{t.Trunk} ({t.Priority})"),
        }));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Calls: a simulated dialer places {DemoText.Number(session.CallsPerSecond)} calls a second (each held {DemoText.Duration(DemoDialer.Hold)}) through Lifeline's failover proxy on {session.ProxyEndPoint}, which tries the trunks (one per gateway) in priority order: {trunks}.");
    }

    /// <summary>"t+13.1 s  dies      Suspect → Down        8 probes in a row timed out (last 200 ms)".</summary>
    public static string Line(DemoTransition transition, int nameWidth) =>
        $"{DemoText.At(transition.At),-9} {transition.Gateway.PadRight(nameWidth)}  {Change(transition.From, transition.To),-18}  {transition.Reason}";

    /// <summary>"t+8.6 s   calls     5 calls failed over from dies to steady, worst added delay 412 ms".</summary>
    public static string Line(DemoCallEvent callEvent, int nameWidth) =>
        $"{DemoText.At(callEvent.At),-9} {CallsColumn.PadRight(nameWidth)}  {callEvent.Text}";

    public static string Change(TargetHealth from, TargetHealth to) => $"{from} → {to}";

    private static int NameWidth(DemoSession session) => Math.Max(CallsColumn.Length, Width(session.Gateways.Select(g => g.Script.Name)));

    private static int Width(IEnumerable<string> values) => values.Select(v => v.Length).DefaultIfEmpty(0).Max();
}
