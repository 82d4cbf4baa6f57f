namespace Lifeline.Cli.Demo;

/// <summary>How <c>lifeline demo</c> runs.</summary>
/// <param name="Duration">How long to watch the gateways before the summary.</param>
/// <param name="Live">A live terminal view; false prints one line per transition (pipes, tests, <c>--no-live</c>).</param>
/// <param name="CallsPerSecond">The simulated dialer's rate.</param>
internal sealed record DemoSettings(TimeSpan Duration, bool Live, double CallsPerSecond = 20)
{
    /// <summary>A modest rate: enough calls to see every failover, few enough for a loaded laptop.</summary>
    public const double DefaultCallsPerSecond = 20;

    /// <summary>The highest rate <c>--cps</c> takes: the demo shows behaviour, it is no load test.</summary>
    public const double MaxCallsPerSecond = 200;

    /// <summary>Long enough for every story of <see cref="DemoScript.Standard"/> to play out, and a little more.</summary>
    public static TimeSpan DefaultDuration { get; } = TimeSpan.FromSeconds(55);

    /// <summary>How often the view is redrawn and the board's time-based rules re-evaluated.</summary>
    public static TimeSpan Refresh { get; } = TimeSpan.FromMilliseconds(250);
}
