namespace Lifeline.Probing;

/// <summary>
/// Running totals of one trunk's probes, read by the metrics when scraped. Counting into plain fields keeps the
/// per-probe cost at an increment, whatever the number of targets; the label set is one per trunk.
/// </summary>
internal sealed class ProbeTrunkCounters(string trunk)
{
    public long Sent;
    public long Answered;
    public long TimedOut;
    public long Failed;
    public long PingsSent;
    public long PongsReceived;
    public long PongsLost;

    public string Trunk { get; } = trunk;
}
