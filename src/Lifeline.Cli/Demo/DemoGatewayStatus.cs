using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>One gateway's row of the view, read from the health board and the prober at one moment.</summary>
/// <param name="Script">What the gateway does.</param>
/// <param name="Uri">Where it listens.</param>
/// <param name="Health">Its published health and the rest of its board state.</param>
/// <param name="Since">When <see cref="TargetHealthSnapshot.Health"/> began, since the demo started.</param>
/// <param name="Rtt">Percentiles of recent answers.</param>
/// <param name="Sent">Probes sent.</param>
/// <param name="Answered">Probes answered.</param>
/// <param name="Lost">Probes that timed out or failed.</param>
/// <param name="Penalty">Flap penalty now (decayed).</param>
/// <param name="ReuseAt">For a damped gateway, when it will be reused if it flaps no more (since the demo started).</param>
/// <param name="ProbeTimeout">The probe timeout the board gives it now.</param>
/// <param name="TrafficShare">The share of new calls it would get now (the fail-back ramp while Recovering).</param>
internal sealed record DemoGatewayStatus(
    DemoScript Script,
    string Uri,
    TargetHealthSnapshot Health,
    TimeSpan Since,
    RttPercentiles Rtt,
    long Sent,
    long Answered,
    long Lost,
    double Penalty,
    TimeSpan? ReuseAt,
    TimeSpan ProbeTimeout,
    double TrafficShare)
{
    public string Name => Script.Name;

    /// <summary>The UDP port it listens on (the address is always 127.0.0.1).</summary>
    public string Port => Uri[(Uri.LastIndexOf(':') + 1)..];

    /// <summary>Share of completed probes that were lost.</summary>
    public double LossRate => Answered + Lost == 0 ? 0 : (double)Lost / (Answered + Lost);
}
