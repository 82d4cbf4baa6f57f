using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo without a terminal (a pipe, a test, <c>--no-live</c>): an introduction, one line per transition as it
/// happens, and the summary. Plain text, no ANSI codes, easy to grep.
/// </summary>
internal sealed class DemoPlainView(TextWriter output)
{
    private int _printed;

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

        output.WriteLine("Transitions (time since the start, gateway, from → to, reason):");
    }

    /// <summary>Prints the transitions not printed yet.</summary>
    public void Update(DemoSession session)
    {
        var fresh = session.Log.From(_printed);
        _printed += fresh.Count;
        var width = Width(session.Gateways.Select(g => g.Script.Name));
        foreach (var transition in fresh)
        {
            output.WriteLine(Line(transition, width));
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

    /// <summary>"t+13.1 s  dies      Suspect → Down        8 probes in a row timed out (last 200 ms)".</summary>
    public static string Line(DemoTransition transition, int nameWidth) =>
        $"{DemoText.At(transition.At),-9} {transition.Gateway.PadRight(nameWidth)}  {Change(transition.From, transition.To),-18}  {transition.Reason}";

    public static string Change(TargetHealth from, TargetHealth to) => $"{from} → {to}";

    private static int Width(IEnumerable<string> values) => values.Select(v => v.Length).DefaultIfEmpty(0).Max();
}
