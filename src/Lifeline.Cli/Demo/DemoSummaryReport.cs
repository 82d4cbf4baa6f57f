namespace Lifeline.Cli.Demo;

/// <summary>The summary of a demo run: the rules, one entry per gateway (and one for the calls), and the lesson in one sentence.</summary>
/// <param name="Header">How long it ran and the rules in force.</param>
/// <param name="Gateways">Per gateway, in the view's order, then the calls' entry.</param>
/// <param name="Takeaway">"In short: …", when anything happened worth saying.</param>
/// <param name="Alarm">A loud line when calls were lost; null when none was.</param>
internal sealed record DemoSummaryReport(string Header, IReadOnlyList<DemoSummaryEntry> Gateways, string? Takeaway, string? Alarm = null)
{
    /// <summary>As plain lines: the header, then each entry's sentences under its name, then the takeaway and the alarm.</summary>
    public IReadOnlyList<string> Lines()
    {
        var width = 0;
        foreach (var entry in Gateways)
        {
            width = Math.Max(width, entry.Gateway.Length);
        }

        var lines = new List<string> { Header, string.Empty };
        foreach (var entry in Gateways)
        {
            for (var i = 0; i < entry.Sentences.Count; i++)
            {
                lines.Add((i == 0 ? entry.Gateway : string.Empty).PadRight(width + 2) + entry.Sentences[i]);
            }
        }

        if (Takeaway is not null)
        {
            lines.Add(string.Empty);
            lines.Add(Takeaway);
        }

        if (Alarm is not null)
        {
            lines.Add(string.Empty);
            lines.Add(Alarm);
        }

        return lines;
    }
}
