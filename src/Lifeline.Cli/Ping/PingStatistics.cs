using System.Globalization;

namespace Lifeline.Cli.Ping;

/// <summary>The ping(8)-style summary: sent, received, loss, and min/avg/max round-trip time.</summary>
internal sealed class PingStatistics
{
    private TimeSpan _min = TimeSpan.MaxValue;
    private TimeSpan _max;
    private TimeSpan _total;

    public int Sent { get; private set; }

    public int Received { get; private set; }

    public void Add(PingReply reply)
    {
        Sent++;
        if (!reply.Answered)
        {
            return;
        }

        Received++;
        _total += reply.RoundTrip;
        _min = reply.RoundTrip < _min ? reply.RoundTrip : _min;
        _max = reply.RoundTrip > _max ? reply.RoundTrip : _max;
    }

    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;

    public string Format()
    {
        var loss = LossPercent.ToString("0.#", CultureInfo.InvariantCulture);
        var line = $"{Sent} sent, {Received} received, {loss}% loss";
        if (Received > 0)
        {
            var avg = _total / Received;
            line += $", rtt min/avg/max = {Ms(_min)}/{Ms(avg)}/{Ms(_max)} ms";
        }

        return line;
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);
}
